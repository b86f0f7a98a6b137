// A ReconcileHarness driving a Controller in simulated time, with an observer the test can wait on.
// Waits are on events the controller reports, bounded by a real-time deadline that only fails the test.
#pragma once

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "reconcile/controller.h"
#include "reconcile/kinds/reconciler_registry.h"
#include "tests/reconcile/core_e2e/core_fixture.h"

namespace edgecert::testing {

// Records what the controller reports and wakes waiting tests.
class RecordingObserver final : public reconcile::ControllerObserver {
 public:
  struct Event {
    reconcile::ObjectKey key;
    bool is_delete;
    std::string result;
    std::string status;
    Clock::MonoTime started;
    Clock::MonoTime finished;
    std::optional<Clock::MonoTime> next;
  };

  void OnReconciled(const reconcile::ReconcileEvent& e) override {
    std::unique_lock lock(mu_);
    events_.push_back(
        {e.key, e.is_delete, std::string(e.result), e.status.ToString(), e.started, e.started + e.took, e.next});
    cv_.notify_all();
    if (holds_.empty() || held_ || !holds_.front()(events_.size())) return;
    // The reporting worker still counts as busy, so simulated time stands still until Release().
    held_ = true;
    const std::size_t release = releases_ + 1;
    cv_.notify_all();
    cv_.wait(lock, [&] { return releases_ >= release; });
  }

  // Simulated time runs as fast as the workers: a test that must act at a known instant holds the
  // worker whose report makes `when(events so far)` true (time cannot move while it is busy), acts,
  // then calls Release(). Holds queue up: after a Release() the next one given applies. `when` runs
  // under the observer's lock: it must not call Events().
  void HoldWhen(std::function<bool(std::size_t events)> when) {
    std::lock_guard lock(mu_);
    holds_.push_back(std::move(when));
  }
  void HoldAt(std::size_t n) {
    HoldWhen([n](std::size_t events) { return events == n; });
  }
  // Waits until a worker is held at HoldAt's event; false after `limit` of real time.
  bool WaitHeld(std::chrono::seconds limit = std::chrono::seconds(60)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, limit, [&] { return held_; });
  }
  // Lets the held worker go on; the next hold (if any) applies from now.
  void Release() {
    std::lock_guard lock(mu_);
    if (!held_) return;
    holds_.pop_front();
    held_ = false;
    ++releases_;
    cv_.notify_all();
  }
  // Drops every hold and lets a held worker go (teardown).
  void ReleaseAll() {
    std::lock_guard lock(mu_);
    holds_.clear();
    held_ = false;
    ++releases_;
    cv_.notify_all();
  }
  void OnQueue(std::size_t waiting, std::size_t in_flight) override {
    std::lock_guard lock(mu_);
    max_in_flight_ = std::max(max_in_flight_, in_flight);
    last_waiting_ = waiting;
    cv_.notify_all();
  }
  void OnSyncCompleted(Clock::TimePoint when) override {
    std::lock_guard lock(mu_);
    syncs_.push_back(when);
    if (on_sync) on_sync();
    cv_.notify_all();
  }

  // Waits until `done()` holds (checked on every report); false after `limit` of real time.
  bool WaitUntil(const std::function<bool()>& done, std::chrono::seconds limit = std::chrono::seconds(60)) {
    std::unique_lock lock(mu_);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
      lock.unlock();
      const bool ok = done();
      lock.lock();
      if (ok) return true;
      // Bounded so a condition that changes without a report (emulator state) is seen too.
      if (cv_.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(50))) ==
              std::cv_status::timeout &&
          std::chrono::steady_clock::now() >= deadline) {
        return false;
      }
    }
  }

  std::vector<Event> Events() const {
    std::lock_guard lock(mu_);
    return events_;
  }
  std::vector<Event> EventsOf(const reconcile::ObjectKey& key) const {
    std::vector<Event> out;
    for (auto& e : Events()) {
      if (e.key == key) out.push_back(e);
    }
    return out;
  }
  std::size_t Syncs() const {
    std::lock_guard lock(mu_);
    return syncs_.size();
  }
  std::size_t MaxInFlight() const {
    std::lock_guard lock(mu_);
    return max_in_flight_;
  }

  std::function<void()> on_sync;  // called under the observer's lock; set before Start()

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Event> events_;                           // guarded by mu_
  std::vector<Clock::TimePoint> syncs_;                 // guarded by mu_
  std::size_t max_in_flight_ = 0;                       // guarded by mu_
  std::size_t last_waiting_ = 0;                        // guarded by mu_
  std::deque<std::function<bool(std::size_t)>> holds_;  // guarded by mu_: the first applies
  std::size_t releases_ = 0;                            // guarded by mu_
  bool held_ = false;                                   // guarded by mu_
};

class ControllerTest : public ::testing::Test {
 protected:
  void SetUp() override { Build({}); }
  void TearDown() override {
    observer_.ReleaseAll();  // a test that failed while holding a worker must not block Stop()
    if (controller_) {
      EXPECT_TRUE(controller_->Stop());
    }
  }

  // Rebuilds the harness with other emulator or reconcile options (before Start()).
  void Build(ReconcileHarnessOptions harness, reconcile::ControllerOptions options = SimulatedOptions()) {
    controller_.reset();
    actual_.reset();
    h_ = std::make_unique<ReconcileHarness>(std::move(harness));
    actual_ = std::make_unique<reconcile::ActualState>(h_->client(), h_->clock(), std::chrono::seconds(2));
    options_ = options;
    controller_ = std::make_unique<reconcile::Controller>(
        reconcile::ControllerParts{reconcilers_, h_->client(), *actual_, h_->scopes(), h_->inventory(), h_->status(),
                                   h_->clock(), h_->logger(), h_->options(), observer_, &h_->budget()},
        options_);
  }

  static reconcile::ControllerOptions SimulatedOptions() {
    reconcile::ControllerOptions o;
    o.wait = reconcile::WaitMode::kSimulated;
    return o;
  }

  // Writes packs (plus the scopes) and hands the load to the controller.
  bool Desire(const std::vector<PackSpec>& packs, const std::string& extra = "") {
    std::string text = ReconcileHarness::ScopesYaml();
    for (const auto& p : packs) text += "---\n" + PackYaml(p);
    text += extra;
    h_->WriteFile("manifests.yaml", text);
    auto load = h_->LoadManifests();
    EXPECT_TRUE(load.ok()) << (load.errors.empty() ? "" : load.errors.front().message);
    if (!load.ok()) return false;
    return controller_->SetDesired(load.state);
  }

  bool IsReady(manifests::Kind kind, const std::string& name) {
    auto s = h_->status().Get({kind, name});
    return s && s->phase == reconcile::Phase::kReady;
  }

  std::vector<web::json::value> LivePacks(const std::string& apex = "example.com") {
    std::vector<web::json::value> out;
    for (auto& p : h_->Packs(apex)) {
      if (p.at("status").as_string() != "deleted") out.push_back(p);
    }
    return out;
  }

  std::vector<std::unique_ptr<reconcile::Reconciler>> reconcilers_ = reconcile::MakeReconcilers();
  std::unique_ptr<ReconcileHarness> h_;
  std::unique_ptr<reconcile::ActualState> actual_;
  RecordingObserver observer_;
  reconcile::ControllerOptions options_;
  std::unique_ptr<reconcile::Controller> controller_;
};

}  // namespace edgecert::testing
