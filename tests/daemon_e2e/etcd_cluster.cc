#include "tests/daemon_e2e/etcd_cluster.h"

#include <cpprest/http_client.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace edgecert::testing {

std::string EtcdCluster::Binary() {
  for (const char* path : {"/usr/bin/etcd", "/usr/local/bin/etcd"}) {
    if (::access(path, X_OK) == 0) return path;
  }
  return "";
}

EtcdCluster::EtcdCluster(const std::filesystem::path& dir, int members, std::optional<EtcdTls> tls)
    : dir_(dir), tls_(std::move(tls)) {
  if (Binary().empty()) return;
  for (int i = 0; i < members; ++i) {
    client_ports_.push_back(FreePort());
    peer_ports_.push_back(FreePort());
  }
  members_.resize(members);
  for (int i = 0; i < members; ++i) Start(i);
  ready_ = true;
  for (int i = 0; i < members; ++i) ready_ = WaitAnswering(i) && ready_;
}

EtcdCluster::~EtcdCluster() {
  for (auto& m : members_) m.reset();  // SIGKILL and reap
}

std::string EtcdCluster::Endpoints() const {
  std::string out;
  for (int port : client_ports_) {
    out += (out.empty() ? "" : ",") + std::string(tls_ ? "localhost:" : "127.0.0.1:") + std::to_string(port);
  }
  return out;
}

std::string EtcdCluster::ClientUrl(int member) const {
  return (tls_ ? "https://localhost:" : "http://127.0.0.1:") + std::to_string(client_ports_[member]);
}

HttpAnswer EtcdCluster::Call(int member, const std::string& path, const std::string& body,
                             const std::string& token) const {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!token.empty()) headers.emplace_back("Authorization", token);
  if (!tls_) return Http(ClientUrl(member), "POST", path, body, headers);
  HttpAnswer answer;
  try {
    web::http::client::http_client_config config;
    config.set_timeout(std::chrono::seconds(10));
    const EtcdTls tls = *tls_;
    config.set_ssl_context_callback([tls](boost::asio::ssl::context& context) {
      context.load_verify_file(tls.ca.string());
      context.use_certificate_chain_file(tls.client_cert.string());
      context.use_private_key_file(tls.client_key.string(), boost::asio::ssl::context::pem);
    });
    web::http::client::http_client client(ClientUrl(member), config);
    web::http::http_request request(web::http::methods::POST);
    request.set_request_uri(path);
    for (const auto& [name, value] : headers) request.headers().add(name, value);
    request.set_body(body, "application/json");
    web::http::http_response response = client.request(request).get();
    answer.status = response.status_code();
    answer.body = response.extract_utf8string(true).get();
  } catch (const std::exception&) {
    answer.status = 0;  // refused, reset, timed out or the handshake failed
  }
  return answer;
}

void EtcdCluster::Start(int member) {
  std::string cluster;
  for (std::size_t i = 0; i < peer_ports_.size(); ++i) {
    cluster += (i == 0 ? "" : ",") + std::string("m") + std::to_string(i) +
               "=http://127.0.0.1:" + std::to_string(peer_ports_[i]);
  }
  const std::string name = "m" + std::to_string(member);
  const std::string listen =
      (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(client_ports_[member]);
  const std::string peer = "http://127.0.0.1:" + std::to_string(peer_ports_[member]);
  std::vector<std::string> args{Binary(), "--name", name, "--data-dir", (dir_ / ("etcd-" + name)).string(),
                                "--listen-client-urls", listen, "--advertise-client-urls", ClientUrl(member),
                                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster",
                                cluster, "--initial-cluster-state", "new", "--initial-cluster-token", "edgecert-test",
                                "--logger", "zap", "--log-level", "warn",
                                // Small and quick: tests elect etcd leaders in well under a second.
                                "--heartbeat-interval", "50", "--election-timeout", "500", "--snapshot-count", "10000"};
  if (tls_) {
    args.insert(args.end(), {"--cert-file", tls_->server_cert.string(), "--key-file", tls_->server_key.string(),
                             "--trusted-ca-file", tls_->ca.string()});
    if (tls_->client_cert_auth) args.push_back("--client-cert-auth");
  }
  members_[member] = std::make_unique<LoggedProcess>(args, std::vector<std::string>{},
                                                     dir_ / (name + "-" + std::to_string(++starts_) + ".log"));
}

bool EtcdCluster::WaitAnswering(int member) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!members_[member]->Running()) return false;
    HttpAnswer a = Call(member, "/v3/kv/range", R"({"key":"AA=="})");
    if (a.status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // poll interval, bounded by the deadline
  }
  return false;
}

void EtcdCluster::Kill(int member) {
  members_[member]->Signal(SIGKILL);
  members_[member]->WaitExit(std::chrono::seconds(10));
}

bool EtcdCluster::Restart(int member) {
  members_[member].reset();
  Start(member);
  return WaitAnswering(member);
}

std::string EtcdCluster::Logs() const {
  std::string out;
  for (const auto& m : members_) {
    if (m) out += "---- " + m->log_file().string() + " ----\n" + m->Log();
  }
  return out;
}

}  // namespace edgecert::testing
