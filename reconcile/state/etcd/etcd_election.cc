#include "reconcile/state/etcd/etcd_election.h"

#include <cstdio>

namespace edgecert::reconcile {
namespace {

std::string Hex(std::int64_t n) {
  char text[32];
  std::snprintf(text, sizeof(text), "%llx", static_cast<unsigned long long>(n));
  return text;
}

}  // namespace

EtcdElection::EtcdElection(EtcdClient& client, std::string prefix, ElectionOptions options)
    : client_(client), prefix_(std::move(prefix) + "/leader/"), options_(std::move(options)) {}

Status EtcdElection::Campaign(std::chrono::steady_clock::time_point sent) {
  auto lease = etcd::LeaseGrant(client_, options_.lease_ttl.count());
  if (!lease.ok()) return lease.status();
  const std::string key = prefix_ + Hex(*lease);
  etcd::Op put{etcd::Op::Kind::kPut, key, options_.instance, *lease};
  auto txn = etcd::Txn(client_, {{key, "CREATE", "EQUAL", 0}}, {put});
  if (!txn.ok() || !txn->succeeded) {
    (void)etcd::LeaseRevoke(client_, *lease);
    return txn.ok() ? Internal("etcd election key " + key + " already exists") : txn.status();
  }
  std::lock_guard lock(mu_);
  lease_ = *lease;
  key_ = key;
  revision_ = txn->revision;  // the put's revision is the key's create_revision
  renewed_at_ = sent;
  return Status::Ok();
}

Result<LeaderView> EtcdElection::Step() {
  const auto sent = options_.now();
  std::int64_t lease = 0;
  {
    std::lock_guard lock(mu_);
    lease = lease_;
  }
  if (lease != 0) {
    auto ttl = etcd::LeaseKeepAlive(client_, lease);
    if (!ttl.ok() && ttl.status().code() != StatusCode::kNotFound) return ttl.status();
    std::lock_guard lock(mu_);
    if (ttl.ok()) {
      renewed_at_ = sent;
    } else {  // the lease expired: this candidacy is over; campaign again below
      lease_ = 0;
      leading_ = false;
      lease = 0;
    }
  }
  if (lease == 0) {
    Status status = Campaign(sent);
    if (!status.ok()) return status;
  }

  etcd::RangeRequest oldest = etcd::PrefixRange(prefix_);
  oldest.limit = 1;
  oldest.sort_by_create = "ASCEND";
  auto range = etcd::Range(client_, oldest);
  if (!range.ok()) return range.status();
  std::lock_guard lock(mu_);
  LeaderView view;
  if (!range->kvs.empty()) {
    view.leader = range->kvs.front().value;
    leading_ = range->kvs.front().key == key_ && range->kvs.front().create_revision == revision_;
  } else {
    leading_ = false;
  }
  view.leading = leading_ && options_.now() < renewed_at_ + options_.renew_deadline;
  view_ = view;
  return view;
}

bool EtcdElection::Leading() const {
  std::lock_guard lock(mu_);
  return leading_ && options_.now() < renewed_at_ + options_.renew_deadline;
}

LeaderView EtcdElection::LastView() const {
  std::lock_guard lock(mu_);
  LeaderView view = view_;
  view.leading = leading_ && options_.now() < renewed_at_ + options_.renew_deadline;
  return view;
}

Result<etcd::Compare> EtcdElection::Fence() const {
  std::lock_guard lock(mu_);
  if (!leading_) return FailedPrecondition("instance " + options_.instance + " does not lead; it may not write");
  if (options_.now() >= renewed_at_ + options_.renew_deadline) {
    return FailedPrecondition("instance " + options_.instance +
                              " could not renew its leadership within the renew deadline; it stopped writing");
  }
  return etcd::Compare{key_, "CREATE", "EQUAL", revision_};
}

Status EtcdElection::Resign() {
  std::int64_t lease = 0;
  {
    std::lock_guard lock(mu_);
    lease = lease_;
    lease_ = 0;
    leading_ = false;
    view_.leading = false;
  }
  if (lease == 0) return Status::Ok();
  return etcd::LeaseRevoke(client_, lease);
}

}  // namespace edgecert::reconcile
