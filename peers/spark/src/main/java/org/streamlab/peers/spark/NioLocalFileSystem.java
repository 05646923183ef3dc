package org.streamlab.peers.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The file system of Spark's {@code file:} checkpoints here: Hadoop's raw local file system
 * (no {@code .crc} side files) that sets a file's permissions through java.nio.
 *
 * <p>Why: without Hadoop's native library, Hadoop sets the permissions of every file and folder it
 * creates by running a {@code chmod} process, and a micro-batch writes about three checkpoint
 * files (offsets, commit, state delta), each twice with its checksum file: six processes a batch,
 * 1088 over one dataset's queries. java.nio does the same with one system call.
 */
public final class NioLocalFileSystem extends RawLocalFileSystem {
  private static final PosixFilePermission[] BITS = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

  /** Sets the rwx bits of {@code permission} on the file or folder {@code p}. */
  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    int mode = permission.toShort();
    for (int i = 0; i < BITS.length; i++) {
      if ((mode & (1 << i)) != 0) set.add(BITS[i]);
    }
    Files.setPosixFilePermissions(pathToFile(p).toPath(), set);
  }
}
