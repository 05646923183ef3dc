// `streamlab broker` as a process: prints a bootstrap address kcat can use, exits 0 on Ctrl-C,
// exits non-zero on a port in use and 2 on a bad flag. Skipped when the tool was not built.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace {

const std::filesystem::path kTool = std::filesystem::path(STREAMLAB_BINARY_DIR) / "bin" / "streamlab";

/// A child process with its standard output on a pipe; killed if still running at destruction.
class Child {
 public:
  explicit Child(std::vector<std::string> args) {
    std::array<int, 2> fds{};
    if (pipe(fds.data()) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      dup2(fds[1], STDERR_FILENO);
      close(fds[0]);
      close(fds[1]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fds[1]);
    out_ = fds[0];
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0 && !status_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
  }

  /// Reads output until a line containing `needle` arrived or `timeout` passed; returns the line.
  std::optional<std::string> wait_for_line(const std::string& needle, std::chrono::seconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      for (auto pos = text_.find('\n'); pos != std::string::npos; pos = text_.find('\n')) {
        auto line = text_.substr(0, pos);
        text_.erase(0, pos + 1);
        if (line.find(needle) != std::string::npos) return line;
      }
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, 100) > 0) {
        std::array<char, 1024> buffer{};
        const auto n = read(out_, buffer.data(), buffer.size());
        if (n <= 0) return std::nullopt;
        text_.append(buffer.data(), static_cast<std::size_t>(n));
      }
    }
    return std::nullopt;
  }

  /// Waits at most `timeout` for the exit status; std::nullopt if it is still running.
  std::optional<int> wait(std::chrono::seconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!status_ && std::chrono::steady_clock::now() < until) {
      int raw = 0;
      if (waitpid(pid_, &raw, WNOHANG) == pid_) {
        status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
      } else {
        usleep(50'000);
      }
    }
    return status_;
  }

  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_{-1};
  int out_{-1};
  std::string text_;
  std::optional<int> status_;
};

TEST(BrokerCommand, PrintsBootstrapThatKcatCanUseAndExitsZeroOnCtrlC) {
  if (!std::filesystem::exists(kTool)) GTEST_SKIP() << "the streamlab tool was not built";
  Child broker({kTool.string(), "broker", "--partitions", "2", "--topic", "demo"});
  const auto line = broker.wait_for_line("bootstrap:", std::chrono::seconds{10});
  ASSERT_TRUE(line.has_value()) << "no bootstrap address printed";
  const auto bootstrap = line->substr(line->find("127.0.0.1:"));
  if (std::system("command -v kcat >/dev/null 2>&1") == 0) {
    const auto command = "timeout 10 kcat -L -b " + bootstrap + " -t demo 2>/dev/null";
    std::string listing;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    std::array<char, 512> buffer{};
    while (pipe && std::fgets(buffer.data(), buffer.size(), pipe.get()) != nullptr) {
      listing += buffer.data();
    }
    EXPECT_NE(listing.find("topic \"demo\" with 2 partitions"), std::string::npos) << listing;
  }
  kill(broker.pid(), SIGINT);
  EXPECT_EQ(broker.wait(std::chrono::seconds{10}), 0) << "Ctrl-C must stop the broker with status 0";
}

TEST(BrokerCommand, PortInUseExitsNonZeroWithinBound) {
  if (!std::filesystem::exists(kTool)) GTEST_SKIP() << "the streamlab tool was not built";
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor taken(io, {boost::asio::ip::address_v4::loopback(), 0});
  const auto port = std::to_string(taken.local_endpoint().port());
  Child broker({kTool.string(), "broker", "--port", port});
  EXPECT_TRUE(broker.wait_for_line(port, std::chrono::seconds{10}).has_value()) << "the error names the port";
  EXPECT_EQ(broker.wait(std::chrono::seconds{10}), 1);
}

TEST(BrokerCommand, BadFlagExitsWithUsageStatus) {
  if (!std::filesystem::exists(kTool)) GTEST_SKIP() << "the streamlab tool was not built";
  Child broker({kTool.string(), "broker", "--brokers", "0"});
  EXPECT_EQ(broker.wait(std::chrono::seconds{10}), 2);
}

}  // namespace
