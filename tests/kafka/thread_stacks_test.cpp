// thread_stacks(): what a stuck scale-out test prints must name each thread and where it waits.
#include <gtest/gtest.h>
#include <pthread.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>

#include "thread_stacks.hpp"

namespace streamlab::kafka {
namespace {

/// Says it is here, then waits until `release` is set: the frame the stacks must show.
[[gnu::noinline]] void park_for_stack_probe(std::promise<void>& here, std::mutex& mutex,
                                            std::condition_variable& changed, const bool& release) {
  here.set_value();
  std::unique_lock lock(mutex);
  changed.wait(lock, [&] { return release; });
}

TEST(ThreadStacks, NameEveryThreadAndTheFunctionItWaitsIn) {
  std::mutex mutex;
  std::condition_variable changed;
  bool release = false;
  std::promise<void> here;
  std::thread parked([&] {
    pthread_setname_np(pthread_self(), "parked-probe");
    park_for_stack_probe(here, mutex, changed, release);
  });
  here.get_future().wait();
  const std::string stacks = test::thread_stacks();
  {
    const std::lock_guard lock(mutex);
    release = true;
  }
  changed.notify_all();
  parked.join();
  if (stacks.find("no stacks: gdb is not installed") != std::string::npos ||
      stacks.find("ptrace: Operation not permitted") != std::string::npos) {
    GTEST_SKIP() << "gdb cannot attach here: " << stacks.substr(0, 300);
  }
  EXPECT_NE(stacks.find("\"parked-probe\""), std::string::npos) << stacks;
  EXPECT_NE(stacks.find("park_for_stack_probe"), std::string::npos) << stacks;
  EXPECT_NE(stacks.find("NameEveryThreadAndTheFunctionItWaitsIn"), std::string::npos)
      << "the calling thread's stack is missing:\n"
      << stacks;
}

}  // namespace
}  // namespace streamlab::kafka
