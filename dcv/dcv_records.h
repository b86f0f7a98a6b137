// The DNS side of domain control validation: which TXT and CNAME records an object still waits for,
// rendered as an external-dns DNSEndpoint (externaldns.k8s.io/v1alpha1) manifest per object and as an
// RFC 1035 zone-file fragment per zone, for DNS automation (external-dns, octoDNS, a zone include) to
// publish. Pure functions of ObjectStatus values; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "reconcile/object_status.h"

namespace edgecert::dcv {

inline constexpr int kRecordTtl = 300;
// The first line of every file edgecert writes into the records directory; only files that start with
// it are ever replaced or removed there.
inline constexpr char kMarker[] = "# Managed by edgecert --dns-records-out; do not edit.";

// One DNS record to publish: type "TXT" or "CNAME", absolute name without the trailing dot.
struct DnsRecord {
  std::string type;
  std::string name;
  std::string value;  // TXT text, or the CNAME target (no trailing dot)
  bool operator==(const DnsRecord&) const = default;
};

// The TXT/CNAME validation records of a certificate pack or custom hostname that is not active yet;
// none once it is active (or failed, or being deleted), and none for other kinds. Sorted, unique.
std::vector<DnsRecord> PendingDnsRecords(const reconcile::ObjectStatus& status);

// The statuses of `board` with pending DNS records: what a records directory is made from. A copy of
// those few, not of every status (passes run after every reconcile; copying all made them O(N^2)).
std::vector<reconcile::ObjectStatus> StatusesWithPendingRecords(const reconcile::ObjectStatusBoard& board);

// The DNSEndpoint manifest for one object's records (non-empty `records`). Its metadata.name is
// "edgecert-<kind>-<name>" in lowercase; records of one name and type share an endpoint.
std::string RenderDnsEndpoint(const reconcile::ObjectKey& key, const std::vector<DnsRecord>& records);

// One zone's fragment: "; Kind/name" comments, then "NAME. TTL IN TXT \"...\"" / "NAME. TTL IN CNAME T."
// lines with absolute names. TXT text is escaped and split into 255-byte strings.
struct ObjectRecords {
  reconcile::ObjectKey key;
  std::vector<DnsRecord> records;
};
std::string RenderZoneFragment(const std::string& zone, const std::vector<ObjectRecords>& objects);

}  // namespace edgecert::dcv
