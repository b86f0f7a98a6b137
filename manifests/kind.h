// The manifest kinds as a type, and the one table of what is true of each kind: its name (how manifests,
// the inventory, plans, /status, logs and metrics spell it), where its remote object lives, its place in
// apply order and whether it waits for validation records. Code asks the table; names are read and
// written only at the edges (files, JSON, logs). Constant data, checked at compile time; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace edgecert::manifests {

enum class Kind {
  kAccount,
  kZone,
  kCertificatePack,
  kMtlsCertificate,
  kHostnameAssociation,
  kClientCertificate,
  kCustomCsr,
  kCustomHostname,
  kUniversalSsl,
};
inline constexpr int kKindCount = 9;

// What an object of a kind belongs to remotely: Account to nothing, Zone and MTLSCertificate to an
// account, every other kind to a zone (an inventory record's scope_id is that account or zone id).
enum class KindScope { kNone, kAccount, kZone };

struct KindFacts {
  Kind kind;
  std::string_view name;  // the manifest spelling: "Account", "MTLSCertificate", "CustomCSR", ...
  KindScope scope;
  // Position in apply order (creates and updates run in it, deletes in reverse), from 0. -1: not
  // reconciled: Account and Zone name scopes that are looked up, never written or owned.
  int apply_rank;
  bool validation_records;  // waits for domain control validation records (TXT/HTTP) to be published
};

// One row per kind, in the enum's order.
inline constexpr std::array<KindFacts, kKindCount> kKindTable = {{
    {Kind::kAccount, "Account", KindScope::kNone, -1, false},
    {Kind::kZone, "Zone", KindScope::kAccount, -1, false},
    {Kind::kCertificatePack, "CertificatePack", KindScope::kZone, 1, true},
    {Kind::kMtlsCertificate, "MTLSCertificate", KindScope::kAccount, 2, false},
    {Kind::kHostnameAssociation, "HostnameAssociation", KindScope::kZone, 3, false},
    {Kind::kClientCertificate, "ClientCertificate", KindScope::kZone, 6, false},
    {Kind::kCustomCsr, "CustomCSR", KindScope::kZone, 4, false},
    {Kind::kCustomHostname, "CustomHostname", KindScope::kZone, 5, true},
    {Kind::kUniversalSsl, "UniversalSSL", KindScope::kZone, 0, false},
}};

// How many kinds have an apply rank (0 .. kReconciledKindCount - 1).
inline constexpr int kReconciledKindCount = 7;

constexpr const KindFacts& FactsOf(Kind kind) { return kKindTable[static_cast<std::size_t>(kind)]; }
constexpr std::string_view KindName(Kind kind) { return FactsOf(kind).name; }
constexpr bool IsReconciled(Kind kind) { return FactsOf(kind).apply_rank >= 0; }

// The kind spelled `name` exactly (case matters, as in manifests); nullopt for any other text.
constexpr std::optional<Kind> KindFromName(std::string_view name) {
  for (const KindFacts& facts : kKindTable) {
    if (facts.name == name) return facts.kind;
  }
  return std::nullopt;
}

// Every kind, in the enum's order.
constexpr std::array<Kind, kKindCount> AllKinds() {
  std::array<Kind, kKindCount> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = kKindTable[i].kind;
  return out;
}

// The reconciled kinds in apply order (deletes walk it backwards).
constexpr std::array<Kind, kReconciledKindCount> KindsInApplyOrder() {
  std::array<Kind, kReconciledKindCount> out{};
  for (const KindFacts& facts : kKindTable) {
    if (facts.apply_rank >= 0) out[static_cast<std::size_t>(facts.apply_rank)] = facts.kind;
  }
  return out;
}

namespace kind_table_checks {

// Each row sits at its kind's index and has a name (a missing row would be zero-filled: kind 0, no name).
constexpr bool RowsInEnumOrder() {
  for (std::size_t i = 0; i < kKindTable.size(); ++i) {
    if (static_cast<std::size_t>(kKindTable[i].kind) != i || kKindTable[i].name.empty()) return false;
  }
  return true;
}

// The apply ranks are exactly 0 .. kReconciledKindCount - 1, each once.
constexpr bool RanksArePermutation() {
  std::array<int, kReconciledKindCount> seen{};
  int ranked = 0;
  for (const KindFacts& facts : kKindTable) {
    if (facts.apply_rank < 0) continue;
    if (facts.apply_rank >= kReconciledKindCount || seen[static_cast<std::size_t>(facts.apply_rank)]++) return false;
    ++ranked;
  }
  return ranked == kReconciledKindCount;
}

// Names are unique, so KindFromName(KindName(k)) == k.
constexpr bool NamesRoundTrip() {
  for (const KindFacts& facts : kKindTable) {
    if (KindFromName(facts.name) != facts.kind) return false;
  }
  return true;
}

static_assert(kKindTable.size() == static_cast<std::size_t>(kKindCount));
static_assert(static_cast<int>(Kind::kUniversalSsl) + 1 == kKindCount, "kKindCount must count every Kind");
static_assert(RowsInEnumOrder(), "kKindTable must hold one row per Kind, in the enum's order");
static_assert(RanksArePermutation(), "apply ranks must be 0 .. kReconciledKindCount - 1, each once");
static_assert(NamesRoundTrip(), "kind names must be unique");

}  // namespace kind_table_checks

}  // namespace edgecert::manifests
