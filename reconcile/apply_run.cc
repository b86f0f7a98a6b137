#include "reconcile/apply_run.h"

namespace edgecert::reconcile {

class ApplyRun::Lines final : public ControllerObserver {
 public:
  Lines(ObjectStatusBoard& status, const Reporter& report) : status_(status), report_(report) {}

  void OnReconciled(const ReconcileEvent& e) override {
    std::lock_guard lock(mu_);
    if (e.is_delete && e.result == "done") {
      last_reported_.erase(e.key);
      report_(e.key.ToString() + ": deleted");
      return;
    }
    if (e.gave_up) report_(e.key.ToString() + ": failed: " + e.status.ToString());
    const std::optional<ObjectStatus> status = status_.Get(e.key);
    if (!status) return;
    const std::string state = std::string(PhaseName(status->phase)) + "|" + status->remote_status;
    if (last_reported_[e.key] != state) {
      last_reported_[e.key] = state;
      std::string line = e.key.ToString() + ": " + std::string(PhaseName(status->phase));
      if (!status->remote_status.empty()) line += " (" + status->remote_status + ")";
      if (!status->remote_id.empty()) line += " id " + status->remote_id;
      if (status->phase == Phase::kFailed && !status->last_error.empty()) line += ": " + status->last_error;
      report_(line);
    }
    std::size_t& shown = records_reported_[e.key];
    for (std::size_t i = shown; i < status->validation_records.size(); ++i) {
      const ValidationRecord& r = status->validation_records[i];
      report_("  validation record to create: " + r.type + " " + r.name + " " + r.value);
    }
    shown = std::max(shown, status->validation_records.size());
  }

 private:
  ObjectStatusBoard& status_;
  const Reporter& report_;
  std::mutex mu_;
  std::map<ObjectKey, std::string> last_reported_;     // guarded by mu_: "phase|remote status" printed last
  std::map<ObjectKey, std::size_t> records_reported_;  // guarded by mu_
};

ApplyRun::ApplyRun(const std::vector<std::unique_ptr<Reconciler>>& reconcilers, Reporter report)
    : reconcilers_(reconcilers), report_(std::move(report)) {}

ApplyOutcome ApplyRun::Run(ReconcileContext& ctx, const ApplyOptions& options) {
  ControllerOptions controller_options;
  // One worker: objects start in dependency order (a CA before its associations) and each one is taken
  // one step before the next, as an operator reading the output expects.
  controller_options.workers = 1;
  controller_options.prune = options.prune;
  controller_options.take_deletion_approval = options.take_deletion_approval;
  controller_options.wait = options.wait;
  controller_options.pending_poll_max = ctx.options.pending_poll;  // --poll: pending work looked at this often
  controller_options.poll_alignment = std::min<Clock::Duration>(std::chrono::seconds(5), ctx.options.pending_poll);
  controller_options.settle = SettleOptions{options.mode, options.timeout, options.max_retries};
  Lines lines(ctx.status, report_);
  Controller controller(ControllerParts{reconcilers_, ctx.client, ctx.actual, ctx.scopes, ctx.inventory, ctx.status,
                                        ctx.clock, ctx.log, ctx.options, lines, nullptr},
                        controller_options);
  // The context's desired state outlives the run: share it without owning it.
  std::shared_ptr<const manifests::DesiredState> desired(std::shared_ptr<void>(), &ctx.desired);
  ApplyOutcome outcome = controller.RunUntilSettled(std::move(desired), options.progress);
  for (const auto& key : outcome.orphaned) {
    report_(key + ": left the manifests with deletionPolicy Orphan; forgotten, left in place");
  }
  for (const auto& held : outcome.held_back) report_("held back: " + held);
  return outcome;
}

}  // namespace edgecert::reconcile
