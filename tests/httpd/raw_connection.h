// RawConnection: a blocking TCP client socket for tests that speak HTTP byte by byte (pipelining,
// floods, half-sent heads). Reads give up at a deadline instead of hanging. Thread-safety: one thread.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <string_view>

namespace edgecert::httpd::testing {

class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ >= 0 && connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      close(fd_);
      fd_ = -1;
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }

  // Sends all of `bytes`; false once the peer has closed or reset the connection.
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Reads until `done(received)` is true, the peer closes, or `limit` passes. Returns what came.
  template <typename Done>
  std::string ReadUntil(Done done, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    std::string received;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done(received)) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buffer[16384];
      const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      received.append(buffer, static_cast<size_t>(n));
    }
    return received;
  }

  // Reads everything until the peer closes (or `limit`).
  std::string ReadToClose(std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    return ReadUntil([](const std::string&) { return false; }, limit);
  }

  // True when a read saw the end of the stream or a reset.
  bool closed_by_peer() const { return closed_; }

 private:
  int fd_ = -1;
  bool closed_ = false;
};

// Occurrences of `needle` in `text`.
inline int CountOf(const std::string& text, std::string_view needle) {
  int n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

}  // namespace edgecert::httpd::testing
