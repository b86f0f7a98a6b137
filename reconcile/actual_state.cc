#include "reconcile/actual_state.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <string_view>

namespace edgecert::reconcile {
namespace {

// Cache keys: (kind name, scope). Sub-entries of a scope (associations per certificate, the automatic
// mode next to the Universal SSL settings) use "scope/extra", so Invalidate(kind, scope) drops them.
// Custom certificates are no manifest kind: their lists are dropped only by Clear() or RequireSince().
using manifests::Kind;
using manifests::KindName;
constexpr std::string_view kPacks = KindName(Kind::kCertificatePack);
constexpr std::string_view kMtls = KindName(Kind::kMtlsCertificate);
constexpr std::string_view kAssociations = KindName(Kind::kHostnameAssociation);
constexpr std::string_view kClientCertificates = KindName(Kind::kClientCertificate);
constexpr std::string_view kCustomCsrs = KindName(Kind::kCustomCsr);
constexpr std::string_view kCustomHostnames = KindName(Kind::kCustomHostname);
constexpr std::string_view kCustomCertificates = "CustomCertificate";
constexpr std::string_view kUniversalSsl = KindName(Kind::kUniversalSsl);

// One memoized read. Its own mutex makes concurrent readers of the same scope wait for the one call
// in flight instead of listing again; readers of other scopes are not held up.
template <typename T>
struct Memo {
  std::mutex mu;
  std::shared_ptr<const T> value;  // guarded by mu; null until read (errors are not kept)
  Clock::MonoTime read_at;         // guarded by mu
};

// When reads expire: never without a clock; with one, when read before `since` (read under the
// cache's lock) or older than `max_age` (when not zero).
struct Freshness {
  const Clock* clock;
  Clock::Duration max_age;
  const Clock::MonoTime* since;
};

}  // namespace

namespace actual_state_detail {

template <typename T>
Result<std::shared_ptr<const T>> ReadShared(std::mutex& mu,
                                            std::map<std::pair<std::string, std::string>, std::shared_ptr<void>>& cache,
                                            std::size_t& reads, const Freshness& freshness, std::string_view kind,
                                            const std::string& scope, const std::function<Result<T>()>& fetch) {
  std::shared_ptr<Memo<T>> memo;
  Clock::MonoTime since{};
  {
    std::lock_guard<std::mutex> lock(mu);
    auto& slot = cache[{std::string(kind), scope}];
    if (!slot) slot = std::make_shared<Memo<T>>();
    memo = std::static_pointer_cast<Memo<T>>(slot);
    since = *freshness.since;
  }
  std::lock_guard<std::mutex> lock(memo->mu);
  if (memo->value) {
    if (freshness.clock == nullptr) return memo->value;
    const bool young = freshness.max_age == Clock::Duration::zero() ||
                       freshness.clock->Monotonic() - memo->read_at < freshness.max_age;
    if (young && memo->read_at >= since) return memo->value;
  }
  // Taken before the call: the list shows the state of some instant after this.
  const Clock::MonoTime read_at = freshness.clock != nullptr ? freshness.clock->Monotonic() : Clock::MonoTime{};
  Result<T> fetched = fetch();
  {
    std::lock_guard<std::mutex> count_lock(mu);
    ++reads;
  }
  if (!fetched.ok()) return fetched.status();
  memo->value = std::make_shared<const T>(std::move(fetched).value());
  memo->read_at = read_at;
  return memo->value;
}

template <typename T>
Result<T> Read(std::mutex& mu, std::map<std::pair<std::string, std::string>, std::shared_ptr<void>>& cache,
               std::size_t& reads, const Freshness& freshness, std::string_view kind, const std::string& scope,
               const std::function<Result<T>()>& fetch) {
  auto shared = ReadShared<T>(mu, cache, reads, freshness, kind, scope, fetch);
  if (!shared.ok()) return shared.status();
  return **shared;
}

}  // namespace actual_state_detail

Result<std::vector<api::CertificatePack>> ActualState::CertificatePacks(const std::string& zone_id) {
  return actual_state_detail::Read<std::vector<api::CertificatePack>>(mu_, cache_, reads_, Freshness{clock_, max_age_, &since_}, kPacks, zone_id,
                                          [&]() -> Result<std::vector<api::CertificatePack>> { return client_.ListCertificatePacks(zone_id); });
}

Result<std::shared_ptr<const std::vector<api::CertificatePack>>> ActualState::SharedCertificatePacks(
    const std::string& zone_id) {
  return actual_state_detail::ReadShared<std::vector<api::CertificatePack>>(
      mu_, cache_, reads_, Freshness{clock_, max_age_, &since_}, kPacks, zone_id,
      [&]() -> Result<std::vector<api::CertificatePack>> { return client_.ListCertificatePacks(zone_id); });
}

Result<std::vector<api::MtlsCertificate>> ActualState::MtlsCertificates(const std::string& account_id) {
  return actual_state_detail::Read<std::vector<api::MtlsCertificate>>(mu_, cache_, reads_, Freshness{clock_, max_age_, &since_}, kMtls, account_id,
                                          [&]() -> Result<std::vector<api::MtlsCertificate>> { return client_.ListMtlsCertificates(account_id); });
}

Result<api::HostnameAssociations> ActualState::HostnameAssociations(const std::string& zone_id,
                                                                    const std::string& mtls_certificate_id) {
  std::optional<std::string> certificate;
  if (!mtls_certificate_id.empty()) certificate = mtls_certificate_id;
  return actual_state_detail::Read<api::HostnameAssociations>(mu_, cache_, reads_, Freshness{clock_, max_age_, &since_}, kAssociations, zone_id + "/" + mtls_certificate_id,
                                          [&]() -> Result<api::HostnameAssociations> { return client_.GetHostnameAssociations(zone_id, certificate); });
}

Result<std::vector<api::ClientCertificate>> ActualState::ClientCertificates(const std::string& zone_id) {
  return actual_state_detail::Read<std::vector<api::ClientCertificate>>(mu_, cache_, reads_, Freshness{clock_, max_age_, &since_}, kClientCertificates, zone_id,
                                          [&]() -> Result<std::vector<api::ClientCertificate>> { return client_.ListClientCertificates(zone_id); });
}

Result<std::vector<api::CustomCsr>> ActualState::CustomCsrs(const std::string& zone_id) {
  return actual_state_detail::Read<std::vector<api::CustomCsr>>(mu_, cache_, reads_, Freshness{clock_, max_age_, &since_}, kCustomCsrs, zone_id,
                                          [&]() -> Result<std::vector<api::CustomCsr>> { return client_.ListCustomCsrs(zone_id); });
}

Result<std::vector<api::CustomHostname>> ActualState::CustomHostnames(const std::string& zone_id) {
  return actual_state_detail::Read<std::vector<api::CustomHostname>>(mu_, cache_, reads_, Freshness{clock_, max_age_, &since_}, kCustomHostnames, zone_id,
                                          [&]() -> Result<std::vector<api::CustomHostname>> { return client_.ListCustomHostnames(zone_id); });
}

Result<std::vector<api::CustomCertificate>> ActualState::CustomCertificates(const std::string& zone_id) {
  return actual_state_detail::Read<std::vector<api::CustomCertificate>>(mu_, cache_, reads_, Freshness{clock_, max_age_, &since_}, kCustomCertificates, zone_id,
                                          [&]() -> Result<std::vector<api::CustomCertificate>> { return client_.ListCustomCertificates(zone_id); });
}

Result<api::UniversalSslSettings> ActualState::UniversalSsl(const std::string& zone_id) {
  return actual_state_detail::Read<api::UniversalSslSettings>(mu_, cache_, reads_, Freshness{clock_, max_age_, &since_}, kUniversalSsl, zone_id,
                                          [&]() -> Result<api::UniversalSslSettings> { return client_.GetUniversalSslSettings(zone_id); });
}

Result<api::AutomaticSslMode> ActualState::AutomaticSslMode(const std::string& zone_id) {
  return actual_state_detail::Read<api::AutomaticSslMode>(mu_, cache_, reads_, Freshness{clock_, max_age_, &since_}, kUniversalSsl, zone_id + "/automatic_mode",
                                          [&]() -> Result<api::AutomaticSslMode> { return client_.GetAutomaticSslMode(zone_id); });
}

void ActualState::Invalidate(manifests::Kind kind, const std::string& scope_id) {
  const std::string_view name = KindName(kind);
  std::lock_guard<std::mutex> lock(mu_);
  const std::string prefix = scope_id + "/";
  for (auto it = cache_.begin(); it != cache_.end();) {
    const auto& [k, scope] = it->first;
    bool match = k == name && (scope == scope_id || scope.compare(0, prefix.size(), prefix) == 0);
    it = match ? cache_.erase(it) : std::next(it);
  }
}

void ActualState::RequireSince(Clock::MonoTime since) {
  std::lock_guard<std::mutex> lock(mu_);
  if (clock_ == nullptr) {
    cache_.clear();
    return;
  }
  since_ = std::max(since_, since);
}

namespace {

// Applies `change` to the cached pack list of `zone_id`, if one is cached (copy on write: readers keep
// the list they hold).
void EditPacks(std::mutex& mu, std::map<std::pair<std::string, std::string>, std::shared_ptr<void>>& cache,
               const std::string& zone_id, const std::function<void(std::vector<api::CertificatePack>&)>& change) {
  std::shared_ptr<Memo<std::vector<api::CertificatePack>>> memo;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find({std::string(kPacks), zone_id});
    if (it == cache.end()) return;
    memo = std::static_pointer_cast<Memo<std::vector<api::CertificatePack>>>(it->second);
  }
  std::lock_guard<std::mutex> lock(memo->mu);  // after a list in flight, which may or may not hold the write
  if (!memo->value) return;
  auto edited = std::make_shared<std::vector<api::CertificatePack>>(*memo->value);
  change(*edited);
  memo->value = std::move(edited);
}

}  // namespace

void ActualState::PutCertificatePack(const std::string& zone_id, const api::CertificatePack& pack) {
  EditPacks(mu_, cache_, zone_id, [&](std::vector<api::CertificatePack>& packs) {
    auto it = std::find_if(packs.begin(), packs.end(), [&](const api::CertificatePack& p) { return p.id == pack.id; });
    if (it != packs.end()) {
      *it = pack;
    } else {
      packs.push_back(pack);
    }
  });
}

void ActualState::EraseCertificatePack(const std::string& zone_id, const std::string& pack_id) {
  EditPacks(mu_, cache_, zone_id, [&](std::vector<api::CertificatePack>& packs) {
    packs.erase(std::remove_if(packs.begin(), packs.end(), [&](const api::CertificatePack& p) { return p.id == pack_id; }),
                packs.end());
  });
}

void ActualState::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  cache_.clear();
}

std::size_t ActualState::reads() const {
  std::lock_guard<std::mutex> lock(mu_);
  return reads_;
}

}  // namespace edgecert::reconcile
