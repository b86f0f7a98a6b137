#include "httpd/http_server.h"

#include <microhttpd.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <charconv>
#include <cstdarg>
#include <cstdio>
#include <thread>

#include "httpd/listen_socket.h"

namespace edgecert::httpd {
namespace {

using Steady = std::chrono::steady_clock;

// One request's state between the access handler's calls (MHD's con_cls).
struct RequestState {
  HttpRequest request;
  bool answered = false;
};

ConnectionTable::Worker ThisWorker() { return std::hash<std::thread::id>{}(std::this_thread::get_id()); }

ConnectionTable::Id IdOf(MHD_Connection* connection) { return reinterpret_cast<ConnectionTable::Id>(connection); }

// Closing a chosen connection: shutdown() makes its worker see the end of stream and release it. The
// descriptor stays the worker's, so it can never hit an unrelated file that reused the number.
void CloseAll(const std::vector<int>& fds) {
  for (int fd : fds) ::shutdown(fd, SHUT_RDWR);
}

std::string Lower(const char* text) {
  std::string s(text);
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

MHD_Result CollectHeader(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto& headers = *static_cast<std::map<std::string, std::string>*>(cls);
  if (key != nullptr) headers[Lower(key)] = value != nullptr ? value : "";
  return MHD_YES;
}

MHD_Result CollectQuery(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto& query = *static_cast<std::vector<std::pair<std::string, std::string>>*>(cls);
  if (key != nullptr) query.emplace_back(key, value != nullptr ? value : "");
  return MHD_YES;
}

ssize_t FailBeforeBody(void*, uint64_t, char*, size_t) { return MHD_CONTENT_READER_END_WITH_ERROR; }

void FreeBody(void* cls) { std::unique_ptr<std::string> reclaimed(static_cast<std::string*>(cls)); }

void LogFromServer(void*, const char* format, va_list args) {
  char line[512];
  std::vsnprintf(line, sizeof(line), format, args);
  spdlog::debug("http: {}", line);
}

MHD_Result Queue(MHD_Connection* connection, HttpResponse& reply) {
  MHD_Response* response = nullptr;
  if (reply.drop_after_headers) {
    response = MHD_create_response_from_callback(reply.body.size(), 4096, &FailBeforeBody, nullptr, nullptr);
  } else {
    auto body = std::make_unique<std::string>(std::move(reply.body));
    response =
        MHD_create_response_from_buffer_with_free_callback_cls(body->size(), body->data(), &FreeBody, body.get());
    if (response != nullptr) body.release();  // FreeBody owns it now
  }
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, reply.content_type.c_str());
  for (const auto& [name, value] : reply.headers) MHD_add_response_header(response, name.c_str(), value.c_str());
  const MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(reply.status), response);
  MHD_destroy_response(response);
  return queued;
}

// True (with why) when the request's Content-Length is not a plain byte count or is over the limit.
bool ContentLengthOver(const HttpRequest& request, std::size_t limit, std::string& why) {
  const auto it = request.headers.find("content-length");
  if (it == request.headers.end()) return false;
  std::uint64_t length = 0;
  const std::string& text = it->second;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), length);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    why = "Content-Length \"" + text + "\" is not a byte count";
    return true;
  }
  if (length > limit) {
    why = "Content-Length " + text + " is over the limit of " + std::to_string(limit) + " bytes";
    return true;
  }
  return false;
}

// The request head's size as parsed: what the limit applies to (the raw bytes add only separators).
std::size_t HeadSize(const HttpRequest& request) {
  std::size_t size = request.method.size() + request.path.size() + 16;
  for (const auto& [key, value] : request.query) size += key.size() + value.size() + 2;
  for (const auto& [key, value] : request.headers) size += key.size() + value.size() + 4;
  return size;
}

}  // namespace

struct HttpServer::Glue {
  static void OnConnection(void* cls, MHD_Connection* connection, void**, MHD_ConnectionNotificationCode code) {
    auto* self = static_cast<HttpServer*>(cls);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      const int fd = info != nullptr ? info->connect_fd : -1;
      CloseAll(self->table_.Opened(IdOf(connection), ThisWorker(), fd, Steady::now()));
    } else {
      self->table_.Closed(IdOf(connection));
    }
  }

  static void OnCompleted(void* cls, MHD_Connection* connection, void** request_cls, MHD_RequestTerminationCode) {
    auto* self = static_cast<HttpServer*>(cls);
    std::unique_ptr<RequestState> state(static_cast<RequestState*>(*request_cls));
    *request_cls = nullptr;
    if (state) CloseAll(self->table_.RequestFinished(IdOf(connection), ThisWorker(), Steady::now()));
  }

  static MHD_Result OnRequest(void* cls, MHD_Connection* connection, const char* url, const char* method, const char*,
                              const char* upload, size_t* upload_size, void** request_cls) {
    auto* self = static_cast<HttpServer*>(cls);
    auto* state = static_cast<RequestState*>(*request_cls);
    if (state == nullptr) return Begin(*self, connection, url, method, request_cls);
    if (*upload_size > 0) {
      if (!state->answered) {
        // A chunked body has no Content-Length to refuse up front: stop reading it at the limit.
        if (state->request.body.size() + *upload_size > self->limits_.max_body_bytes) return MHD_NO;
        state->request.body.append(upload, *upload_size);
      }
      *upload_size = 0;
      return MHD_YES;
    }
    if (state->answered) return MHD_YES;
    state->answered = true;
    HttpResponse reply;
    try {
      reply = self->handler_(state->request);
    } catch (const std::exception& e) {
      spdlog::error("http: {} {} failed: {}", state->request.method, state->request.path, e.what());
      reply = HttpResponse{500, "text/plain; charset=utf-8", {}, "internal error\n", false};
    }
    return Queue(connection, reply);
  }

  static MHD_Result Begin(HttpServer& self, MHD_Connection* connection, const char* url, const char* method,
                          void** request_cls) {
    auto state = std::make_unique<RequestState>();
    state->request.method = method;
    state->request.path = url;
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectHeader, &state->request.headers);
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &CollectQuery, &state->request.query);
    self.table_.RequestStarted(IdOf(connection));
    RequestState* raw = state.release();  // OnCompleted takes it back
    *request_cls = raw;
    if (HeadSize(raw->request) > self.limits_.max_header_bytes) {
      raw->answered = true;
      HttpResponse reply{
          431,
          "text/plain; charset=utf-8",
          {{MHD_HTTP_HEADER_CONNECTION, "close"}},
          "the request head is over the limit of " + std::to_string(self.limits_.max_header_bytes) + " bytes\n",
          false};
      return Queue(connection, reply);
    }
    std::string why;
    if (!ContentLengthOver(raw->request, self.limits_.max_body_bytes, why)) return MHD_YES;
    raw->answered = true;
    HttpResponse reply = self.refuse_ ? self.refuse_(raw->request, why)
                                      : HttpResponse{413, "text/plain; charset=utf-8", {}, why + "\n", false};
    reply.headers.emplace_back(MHD_HTTP_HEADER_CONNECTION, "close");
    return Queue(connection, reply);
  }
};

HttpServer::HttpServer(HttpServerLimits limits, HttpHandler handler, RefusalHandler refuse)
    : limits_(limits),
      handler_(std::move(handler)),
      refuse_(std::move(refuse)),
      table_((limits.max_connections + std::max(limits.threads, 1u) - 1) / std::max(limits.threads, 1u),
             limits.header_timeout) {}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const std::string& host, int port, HttpServerLimits limits,
                                                      HttpHandler handler, RefusalHandler refuse) {
  auto listen = OpenListenSocket(host, port);
  if (!listen.ok()) return listen.status();
  std::unique_ptr<HttpServer> server(new HttpServer(limits, std::move(handler), std::move(refuse)));
  const unsigned threads = std::max(limits.threads, 1u);
  // The pool holds the request head being read and the response head. Heads over max_header_bytes are
  // refused by Glue::Begin with 431; this only bounds what is read before a head is complete (larger
  // heads get libmicrohttpd's own 431).
  const size_t pool = 2 * limits.max_header_bytes + 8192;
  // Our cap is enforced by closing waiting connections; this hard cap only stops accepting while the
  // closed ones are being released.
  const unsigned hard_cap = limits.max_connections * 2 + threads;
  HttpServer* self = server.get();
  server->daemon_ =
      MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, nullptr, nullptr,
                       &Glue::OnRequest, self, MHD_OPTION_LISTEN_SOCKET, listen->fd, MHD_OPTION_THREAD_POOL_SIZE,
                       threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT, pool, MHD_OPTION_CONNECTION_LIMIT, hard_cap,
                       MHD_OPTION_CONNECTION_TIMEOUT, static_cast<unsigned>(limits.idle_timeout.count()),
                       MHD_OPTION_NOTIFY_CONNECTION, &Glue::OnConnection, self, MHD_OPTION_NOTIFY_COMPLETED,
                       &Glue::OnCompleted, self, MHD_OPTION_EXTERNAL_LOGGER, &LogFromServer, nullptr, MHD_OPTION_END);
  if (server->daemon_ == nullptr) {
    close(listen->fd);
    return Unavailable("cannot start the HTTP server on " + host + ":" + std::to_string(listen->port));
  }
  server->port_ = listen->port;
  return server;
}

HttpServer::~HttpServer() {
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);  // closes the listening socket and every connection
}

}  // namespace edgecert::httpd
