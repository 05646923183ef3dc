package org.streamlab.peers.common;

/** StreamLab's durations: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h30m}, {@code 1d}, or integer milliseconds. */
public final class Durations {
  private Durations() {}

  /** Milliseconds of a duration written the StreamLab way. */
  public static long parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) throw new IllegalArgumentException("empty duration");
    if (s.chars().allMatch(Character::isDigit)) return Long.parseLong(s);
    long total = 0;
    int i = 0;
    while (i < s.length()) {
      int j = i;
      while (j < s.length() && Character.isDigit(s.charAt(j))) j++;
      if (j == i) throw new IllegalArgumentException("bad duration '" + text + "'");
      long n = Long.parseLong(s.substring(i, j));
      int k = j;
      while (k < s.length() && Character.isLetter(s.charAt(k))) k++;
      String unit = s.substring(j, k);
      long scale;
      switch (unit) {
        case "ms": scale = 1; break;
        case "s": scale = 1000; break;
        case "m": scale = 60_000; break;
        case "h": scale = 3_600_000; break;
        case "d": scale = 86_400_000; break;
        default: throw new IllegalArgumentException("bad duration unit '" + unit + "' in '" + text + "'");
      }
      total = Math.addExact(total, Math.multiplyExact(n, scale));
      i = k;
    }
    return total;
  }
}
