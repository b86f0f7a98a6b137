// The commands as processes against an `edgecert emulator` process: a child-process helper and a fixture
// that starts the emulator on a free port and runs `edgecert` sub-commands with their own state dir.
#pragma once

#include <cpprest/http_client.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "tests/fakes/reconcile_harness.h"
#include "tests/reconcile/core_e2e/core_fixture.h"

extern char** environ;

namespace edgecert::testing {

inline std::string Binary() {
  const char* env = std::getenv("EDGECERT_BINARY");
  return env != nullptr ? env : EDGECERT_BINARY_PATH;
}

// A child process; killed (if still running) and reaped on destruction.
class Child {
 public:
  // `merge_stderr`: stderr goes where stdout goes (only for children whose output is read to the end).
  Child(const std::vector<std::string>& args, const std::vector<std::string>& extra_env, bool capture_stdout,
        bool merge_stderr = false) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
    for (const auto& e : extra_env) env_strings.push_back(e);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    int fds[2] = {-1, -1};
    if (capture_stdout) {
      if (::pipe(fds) != 0) ADD_FAILURE() << "pipe";
      posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
      posix_spawn_file_actions_addclose(&actions, fds[0]);
    } else {
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    }
    if (merge_stderr && capture_stdout) {
      posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    } else {
      posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    }
    if (::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) ADD_FAILURE() << "spawn";
    posix_spawn_file_actions_destroy(&actions);
    if (capture_stdout) {
      ::close(fds[1]);
      out_ = ::fdopen(fds[0], "r");
    }
  }
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      Wait();
    }
    if (out_ != nullptr) std::fclose(out_);
  }
  // Blocks until a line of stdout contains `needle`; returns that line.
  std::string ReadLineWith(const std::string& needle) {
    char buf[1024];
    while (out_ != nullptr && std::fgets(buf, sizeof buf, out_) != nullptr) {
      std::string line(buf);
      if (line.find(needle) != std::string::npos) return line;
    }
    return "";
  }
  std::string ReadAll() {
    std::string all;
    char buf[1024];
    while (out_ != nullptr && std::fgets(buf, sizeof buf, out_) != nullptr) all += buf;
    return all;
  }
  int Wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  void Kill() { ::kill(pid_, SIGKILL); }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  FILE* out_ = nullptr;
};

class ProcessTest : public ::testing::Test {
 protected:
  void StartEmulator(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{Binary(), "emulator", "--listen", "127.0.0.1:0", "--time-scale", "1000"};
    args.insert(args.end(), extra.begin(), extra.end());
    emulator_ = std::make_unique<Child>(args, std::vector<std::string>{}, true);
    std::string line = emulator_->ReadLineWith("/client/v4");
    auto start = line.find("http://");
    ASSERT_NE(start, std::string::npos) << "emulator did not start";
    api_url_ = line.substr(start);
    while (!api_url_.empty() && std::isspace(static_cast<unsigned char>(api_url_.back()))) api_url_.pop_back();
  }

  int Run(const std::vector<std::string>& args, std::string* out = nullptr) {
    std::vector<std::string> full{Binary()};
    full.insert(full.end(), args.begin(), args.end());
    full.insert(full.end(), {"--api-url", api_url_, "--state-dir", (dir_.state_dir() / "cli").string()});
    Child child(full, {"CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token"}, out != nullptr, merge_stderr_);
    if (out != nullptr) *out = child.ReadAll();
    return child.Wait();
  }

  std::vector<std::string> ApplyArgs() { return {"apply", dir_.manifest_dir().string()}; }

  web::json::value EmulatorState() {
    std::string base = api_url_.substr(0, api_url_.find("/client/v4"));
    web::http::client::http_client client(base);
    web::json::value body = client.request(web::http::methods::GET, "/__emulator/state").get().extract_json().get();
    return body.has_field("result") ? body.at("result") : body;
  }

  void WriteManifests(const std::vector<PackSpec>& packs) {
    std::string text = ReconcileHarness::ScopesYaml();
    for (const auto& p : packs) text += "---\n" + PackYaml(p);
    dir_.WriteFile("manifests.yaml", text);
  }

  ReconcileHarness dir_;       // used for its temp manifest and state dirs
  bool merge_stderr_ = false;  // Run() captures stderr with stdout
  std::unique_ptr<Child> emulator_;
  std::string api_url_;
};

}  // namespace edgecert::testing
