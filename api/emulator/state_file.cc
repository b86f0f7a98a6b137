#include "api/emulator/state_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace edgecert::emulator {
namespace {

using web::json::value;
constexpr int kVersion = 1;

value Time(TimePoint t) { return value::number(static_cast<int64_t>(t.time_since_epoch().count())); }
TimePoint Time(const value& v) { return TimePoint(Clock::Duration(v.as_number().to_int64())); }

value OptTime(const std::optional<TimePoint>& t) { return t ? Time(*t) : value::null(); }
std::optional<TimePoint> OptTime(const value& v) {
  if (v.is_null()) return std::nullopt;
  return Time(v);
}

value Strings(const std::vector<std::string>& in) {
  value a = value::array();
  for (std::size_t i = 0; i < in.size(); ++i) a[i] = value::string(in[i]);
  return a;
}
std::vector<std::string> Strings(const value& v) {
  std::vector<std::string> out;
  for (const auto& e : v.as_array()) out.push_back(e.as_string());
  return out;
}

// The string fields of each stored struct, shared by its encoder and decoder. `T` is const or not.
template <typename T>
auto ClientFields(T& c) {
  using Field = std::pair<const char*, decltype(&c.id)>;
  return std::array<Field, 15>{{{"id", &c.id},
                                {"zone_id", &c.zone_id},
                                {"csr", &c.csr},
                                {"certificate", &c.certificate},
                                {"common_name", &c.common_name},
                                {"country", &c.country},
                                {"state", &c.state},
                                {"location", &c.location},
                                {"organization", &c.organization},
                                {"organizational_unit", &c.organizational_unit},
                                {"serial_number", &c.serial_number},
                                {"signature", &c.signature},
                                {"ski", &c.ski},
                                {"fingerprint_sha256", &c.fingerprint_sha256},
                                {"target_status", &c.target_status}}};
}

template <typename T>
auto CsrFields(T& c) {
  using Field = std::pair<const char*, decltype(&c.id)>;
  return std::array<Field, 11>{{{"id", &c.id},
                                {"zone_id", &c.zone_id},
                                {"country", &c.country},
                                {"state", &c.state},
                                {"locality", &c.locality},
                                {"organization", &c.organization},
                                {"organizational_unit", &c.organizational_unit},
                                {"common_name", &c.common_name},
                                {"key_type", &c.key_type},
                                {"csr", &c.csr},
                                {"public_key_sha256", &c.public_key_sha256}}};
}

template <typename T>
auto HostnameFields(T& h) {
  using Field = std::pair<const char*, decltype(&h.id)>;
  return std::array<Field, 14>{{{"id", &h.id},
                                {"zone_id", &h.zone_id},
                                {"hostname", &h.hostname},
                                {"ssl_id", &h.ssl_id},
                                {"method", &h.method},
                                {"custom_csr_id", &h.custom_csr_id},
                                {"custom_certificate", &h.custom_certificate},
                                {"certificate_issuer", &h.certificate_issuer},
                                {"certificate_serial", &h.certificate_serial},
                                {"certificate_signature", &h.certificate_signature},
                                {"custom_origin_server", &h.custom_origin_server},
                                {"custom_origin_sni", &h.custom_origin_sni},
                                {"ownership_token", &h.ownership_token},
                                {"validation_token", &h.validation_token}}};
}

template <typename T>
auto CustomCertFields(T& c) {
  using Field = std::pair<const char*, decltype(&c.id)>;
  return std::array<Field, 8>{{{"id", &c.id},
                               {"zone_id", &c.zone_id},
                               {"certificate", &c.certificate},
                               {"bundle_method", &c.bundle_method},
                               {"type", &c.type},
                               {"policy", &c.policy},
                               {"issuer", &c.issuer},
                               {"signature", &c.signature}}};
}

value EncodePack(const CertificatePack& p) {
  value o = value::object();
  o["id"] = value::string(p.id);
  o["zone_id"] = value::string(p.zone_id);
  o["hosts"] = Strings(p.hosts);
  o["validation_method"] = value::string(p.validation_method);
  o["certificate_authority"] = value::string(p.certificate_authority);
  o["validity_days"] = value::number(p.validity_days);
  o["cloudflare_branding"] = p.cloudflare_branding ? value::boolean(*p.cloudflare_branding) : value::null();
  o["validation_tokens"] = Strings(p.validation_tokens);
  o["certificate_ids"] = Strings(p.certificate_ids);
  o["created_at"] = Time(p.created_at);
  o["modified_on"] = Time(p.modified_on);
  o["validation_started_at"] = Time(p.validation_started_at);
  o["validation_attempt"] = value::number(p.validation_attempt);
  o["times_out"] = value::boolean(p.times_out);
  return o;
}

CertificatePack DecodePack(const value& o) {
  CertificatePack p;
  p.id = o.at("id").as_string();
  p.zone_id = o.at("zone_id").as_string();
  p.hosts = Strings(o.at("hosts"));
  p.validation_method = o.at("validation_method").as_string();
  p.certificate_authority = o.at("certificate_authority").as_string();
  p.validity_days = o.at("validity_days").as_integer();
  if (!o.at("cloudflare_branding").is_null()) p.cloudflare_branding = o.at("cloudflare_branding").as_bool();
  p.validation_tokens = Strings(o.at("validation_tokens"));
  p.certificate_ids = Strings(o.at("certificate_ids"));
  p.created_at = Time(o.at("created_at"));
  p.modified_on = Time(o.at("modified_on"));
  p.validation_started_at = Time(o.at("validation_started_at"));
  p.validation_attempt = o.at("validation_attempt").as_integer();
  p.times_out = o.at("times_out").as_bool();
  return p;
}

value EncodeMtls(const MtlsCertificate& m) {
  value o = value::object();
  o["id"] = value::string(m.id);
  o["account_id"] = value::string(m.account_id);
  o["name"] = value::string(m.name);
  o["ca"] = value::boolean(m.ca);
  o["certificates"] = value::string(m.certificates);
  o["private_key"] = value::string(m.private_key.Reveal());
  o["issuer"] = value::string(m.issuer);
  o["serial_number"] = value::string(m.serial_number);
  o["signature"] = value::string(m.signature);
  o["expires_on"] = Time(m.expires_on);
  o["uploaded_on"] = Time(m.uploaded_on);
  return o;
}

MtlsCertificate DecodeMtls(const value& o) {
  MtlsCertificate m;
  m.id = o.at("id").as_string();
  m.account_id = o.at("account_id").as_string();
  m.name = o.at("name").as_string();
  m.ca = o.at("ca").as_bool();
  m.certificates = o.at("certificates").as_string();
  m.private_key = Secret(o.at("private_key").as_string());
  m.issuer = o.at("issuer").as_string();
  m.serial_number = o.at("serial_number").as_string();
  m.signature = o.at("signature").as_string();
  m.expires_on = Time(o.at("expires_on"));
  m.uploaded_on = Time(o.at("uploaded_on"));
  return m;
}

value EncodeClient(const ClientCertificate& c) {
  value o = value::object();
  for (auto [k, v] : ClientFields(c)) o[k] = value::string(*v);
  o["validity_days"] = value::number(c.validity_days);
  o["issued_on"] = Time(c.issued_on);
  o["expires_on"] = Time(c.expires_on);
  o["transition_started_at"] = OptTime(c.transition_started_at);
  return o;
}

ClientCertificate DecodeClient(const value& o) {
  ClientCertificate c;
  for (auto [k, v] : ClientFields(c)) *v = o.at(k).as_string();
  c.validity_days = o.at("validity_days").as_integer();
  c.issued_on = Time(o.at("issued_on"));
  c.expires_on = Time(o.at("expires_on"));
  c.transition_started_at = OptTime(o.at("transition_started_at"));
  return c;
}

value EncodeCsr(const CustomCsr& c) {
  value o = value::object();
  for (auto [k, v] : CsrFields(c)) o[k] = value::string(*v);
  o["sans"] = Strings(c.sans);
  o["private_key"] = value::string(c.private_key.Reveal());
  o["created_at"] = Time(c.created_at);
  return o;
}

CustomCsr DecodeCsr(const value& o) {
  CustomCsr c;
  for (auto [k, v] : CsrFields(c)) *v = o.at(k).as_string();
  c.sans = Strings(o.at("sans"));
  c.private_key = Secret(o.at("private_key").as_string());
  c.created_at = Time(o.at("created_at"));
  return c;
}

value EncodeHostname(const CustomHostname& h) {
  value o = value::object();
  for (auto [k, v] : HostnameFields(h)) o[k] = value::string(*v);
  o["ssl_request"] = h.ssl_request;
  o["custom_metadata"] = h.custom_metadata;
  o["custom_key"] = value::string(h.custom_key.Reveal());
  o["certificate_expires_on"] = OptTime(h.certificate_expires_on);
  o["created_at"] = Time(h.created_at);
  o["ssl_started_at"] = Time(h.ssl_started_at);
  o["times_out"] = value::boolean(h.times_out);
  return o;
}

CustomHostname DecodeHostname(const value& o) {
  CustomHostname h;
  for (auto [k, v] : HostnameFields(h)) *v = o.at(k).as_string();
  h.ssl_request = o.at("ssl_request");
  h.custom_metadata = o.at("custom_metadata");
  h.custom_key = Secret(o.at("custom_key").as_string());
  h.certificate_expires_on = OptTime(o.at("certificate_expires_on"));
  h.created_at = Time(o.at("created_at"));
  h.ssl_started_at = Time(o.at("ssl_started_at"));
  h.times_out = o.at("times_out").as_bool();
  return h;
}

value EncodeCustomCert(const CustomCertificate& c) {
  value o = value::object();
  for (auto [k, v] : CustomCertFields(c)) o[k] = value::string(*v);
  o["private_key"] = value::string(c.private_key.Reveal());
  o["geo_restrictions"] = c.geo_restrictions;
  o["hosts"] = Strings(c.hosts);
  o["expires_on"] = Time(c.expires_on);
  o["uploaded_on"] = Time(c.uploaded_on);
  o["modified_on"] = Time(c.modified_on);
  o["priority"] = value::number(c.priority);
  return o;
}

CustomCertificate DecodeCustomCert(const value& o) {
  CustomCertificate c;
  for (auto [k, v] : CustomCertFields(c)) *v = o.at(k).as_string();
  c.private_key = Secret(o.at("private_key").as_string());
  c.geo_restrictions = o.at("geo_restrictions");
  c.hosts = Strings(o.at("hosts"));
  c.expires_on = Time(o.at("expires_on"));
  c.uploaded_on = Time(o.at("uploaded_on"));
  c.modified_on = Time(o.at("modified_on"));
  c.priority = o.at("priority").as_integer();
  return c;
}

value EncodeDnsRecord(const DnsRecord& r) {
  value o = value::object();
  for (auto [k, v] : {std::pair<const char*, const std::string*>{"id", &r.id}, {"zone_id", &r.zone_id}, {"type", &r.type},
                      {"name", &r.name}, {"content", &r.content}, {"comment", &r.comment}}) {
    o[k] = value::string(*v);
  }
  o["ttl"] = value::number(static_cast<int64_t>(r.ttl));
  o["created_on"] = Time(r.created_on);
  return o;
}

DnsRecord DecodeDnsRecord(const value& o) {
  DnsRecord r;
  for (auto [k, v] : {std::pair<const char*, std::string*>{"id", &r.id}, {"zone_id", &r.zone_id}, {"type", &r.type},
                      {"name", &r.name}, {"content", &r.content}, {"comment", &r.comment}}) {
    *v = o.at(k).as_string();
  }
  r.ttl = o.at("ttl").as_number().to_int64();
  r.created_on = Time(o.at("created_on"));
  return r;
}

template <typename T, typename Encode>
value EncodeMap(const std::map<std::string, T>& m, Encode encode) {
  value a = value::array();
  std::size_t i = 0;
  for (const auto& [id, obj] : m) a[i++] = encode(obj);
  return a;
}

template <typename T, typename Decode>
void DecodeMap(const value& a, std::map<std::string, T>& out, Decode decode) {
  for (const auto& e : a.as_array()) {
    T obj = decode(e);
    std::string id = obj.id;
    out.emplace(std::move(id), std::move(obj));
  }
}

}  // namespace

web::json::value EncodeState(const EmulatorState& s, TimePoint now) {
  value root = value::object();
  root["version"] = value::number(kVersion);
  root["clock_now"] = Time(now);
  std::ostringstream rng;
  rng << s.rng;
  root["rng"] = value::string(rng.str());
  root["packs"] = EncodeMap(s.packs, EncodePack);
  root["mtls_certificates"] = EncodeMap(s.mtls_certificates, EncodeMtls);
  root["client_certificates"] = EncodeMap(s.client_certificates, EncodeClient);
  root["custom_csrs"] = EncodeMap(s.custom_csrs, EncodeCsr);
  root["custom_hostnames"] = EncodeMap(s.custom_hostnames, EncodeHostname);
  root["custom_certificates"] = EncodeMap(s.custom_certificates, EncodeCustomCert);
  root["dns_records"] = EncodeMap(s.dns_records, EncodeDnsRecord);
  value assoc = value::object();
  for (const auto& [zone, by_cert] : s.hostname_associations) {
    value z = value::object();
    for (const auto& [cert, hosts] : by_cert) z[cert] = Strings(hosts);
    assoc[zone] = z;
  }
  root["hostname_associations"] = assoc;
  value settings = value::object();
  for (const auto& [zone, zs] : s.zone_settings) {
    value z = value::object();
    z["universal_ssl_enabled"] = value::boolean(zs.universal_ssl_enabled);
    z["automatic_mode"] = value::string(zs.automatic_mode);
    z["automatic_mode_modified_on"] = OptTime(zs.automatic_mode_modified_on);
    settings[zone] = z;
  }
  root["zone_settings"] = settings;
  if (s.managed_ca) {
    value ca = value::object();
    ca["certificate"] = value::string(s.managed_ca->certificate_pem);
    ca["private_key"] = value::string(s.managed_ca->private_key_pem.Reveal());
    root["managed_ca"] = ca;
  } else {
    root["managed_ca"] = value::null();
  }
  root["next_serial"] = value::number(static_cast<uint64_t>(s.next_serial));
  return root;
}

Result<SavedState> DecodeState(const web::json::value& root) {
  try {
    if (!root.has_field("version") || root.at("version").as_integer() != kVersion) {
      return InvalidArgument("unsupported emulator state version (this emulator reads version " +
                             std::to_string(kVersion) + ")");
    }
    SavedState saved;
    EmulatorState& s = saved.state;
    saved.clock_now = Time(root.at("clock_now"));
    std::istringstream rng(root.at("rng").as_string());
    rng >> s.rng;
    if (rng.fail()) return InvalidArgument("corrupt id generator state");
    DecodeMap(root.at("packs"), s.packs, DecodePack);
    DecodeMap(root.at("mtls_certificates"), s.mtls_certificates, DecodeMtls);
    DecodeMap(root.at("client_certificates"), s.client_certificates, DecodeClient);
    DecodeMap(root.at("custom_csrs"), s.custom_csrs, DecodeCsr);
    DecodeMap(root.at("custom_hostnames"), s.custom_hostnames, DecodeHostname);
    DecodeMap(root.at("custom_certificates"), s.custom_certificates, DecodeCustomCert);
    // Files written before DNS records were served have none.
    if (root.has_field("dns_records")) DecodeMap(root.at("dns_records"), s.dns_records, DecodeDnsRecord);
    for (const auto& [zone, by_cert] : root.at("hostname_associations").as_object()) {
      for (const auto& [cert, hosts] : by_cert.as_object()) s.hostname_associations[zone][cert] = Strings(hosts);
    }
    for (const auto& [zone, z] : root.at("zone_settings").as_object()) {
      ZoneSettings zs;
      zs.universal_ssl_enabled = z.at("universal_ssl_enabled").as_bool();
      zs.automatic_mode = z.at("automatic_mode").as_string();
      zs.automatic_mode_modified_on = OptTime(z.at("automatic_mode_modified_on"));
      s.zone_settings[zone] = zs;
    }
    if (!root.at("managed_ca").is_null()) {
      s.managed_ca = crypto::CertificateAuthority{root.at("managed_ca").at("certificate").as_string(),
                                                  Secret(root.at("managed_ca").at("private_key").as_string())};
    }
    s.next_serial = root.at("next_serial").as_number().to_uint64();
    return saved;
  } catch (const web::json::json_exception& e) {
    return InvalidArgument(std::string("malformed emulator state: ") + e.what());
  }
}

Status SaveStateFile(const std::string& path, const EmulatorState& state, TimePoint now) {
  const std::string bytes = EncodeState(state, now).serialize();
  const std::string temp = path + ".tmp";
  // 0600: the state holds the emulator's private keys.
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Unavailable("cannot write emulator state " + temp + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Unavailable("cannot write emulator state " + temp + ": " + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || std::rename(temp.c_str(), path.c_str()) != 0) {
    return Unavailable("cannot replace emulator state " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Result<SavedState> LoadStateFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("no emulator state at " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  web::json::value root;
  try {
    root = web::json::value::parse(buffer.str());
  } catch (const web::json::json_exception& e) {
    return InvalidArgument("emulator state " + path + " is not JSON: " + e.what());
  }
  auto saved = DecodeState(root);
  if (!saved.ok()) return saved.status().WithContext("emulator state " + path);
  return saved;
}

}  // namespace edgecert::emulator
