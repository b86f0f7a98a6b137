// ScriptedServer: a small real HTTP/1.1 server on 127.0.0.1 (port 0) for client tests. A handler
// decides each reply: a response (any status, headers, body, even invalid), a connection reset or
// close right after the request arrived, or a stall that never answers. One request per connection.
// Thread-safety: the handler runs on server threads; requests() may be read from the test thread.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace edgecert::api::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;  // path and query as sent
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

struct ScriptedReply {
  enum class Kind { kRespond, kReset, kClose, kStall };
  Kind kind = Kind::kRespond;
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static ScriptedReply Json(int status, std::string body) {
    ScriptedReply r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  static ScriptedReply Of(Kind kind) {
    ScriptedReply r;
    r.kind = kind;
    return r;
  }
};

class ScriptedServer {
 public:
  using Handler = std::function<ScriptedReply(const ReceivedRequest&)>;

  explicit ScriptedServer(Handler handler);
  ~ScriptedServer();

  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<ReceivedRequest> requests() const;

 private:
  void AcceptLoop();
  void Serve(int fd);

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::vector<ReceivedRequest> requests_;  // guarded by mu_
  std::vector<std::thread> workers_;       // guarded by mu_
  std::vector<int> open_fds_;              // guarded by mu_
};

// A Cloudflare envelope around `result_json` (an already serialized JSON value).
std::string Envelope(const std::string& result_json, const std::string& result_info_json = "");
std::string ErrorEnvelope(int code, const std::string& message);

}  // namespace edgecert::api::testing
