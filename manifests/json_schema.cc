#include "manifests/json_schema.h"

#include <cpprest/json.h>

#include "manifests/field_table.h"

namespace edgecert::manifests {
namespace {

using web::json::value;

value Object() { return value::object(true); }

value Strings(const std::vector<std::string>& items) {
  value out = value::array(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) out[i] = value::string(items[i]);
  return out;
}

// The loader takes any YAML scalar as text where it wants a string (an unquoted 90 is "90"), so the
// schema accepts the typed values a YAML 1.2 reader makes of such scalars too.
value ScalarTypes(bool nullable) {
  std::vector<std::string> types = {"string", "number", "boolean"};
  if (nullable) types.push_back("null");
  return Strings(types);
}

value FieldSchema(const FieldSpec& f);

value MapSchema(const FieldTable& fields, bool nullable) {
  value out = Object();
  out["type"] = nullable ? Strings({"object", "null"}) : value::string("object");
  value properties = Object();
  std::vector<std::string> required;
  for (const FieldSpec& f : fields) {
    properties[f.name] = FieldSchema(f);
    if (f.presence == Presence::kRequired) required.push_back(f.name);
  }
  out["properties"] = properties;
  if (!required.empty()) out["required"] = Strings(required);
  out["additionalProperties"] = value::boolean(false);
  return out;
}

void AddStringLimits(const FieldSpec& f, value& out) {
  if (f.max_length) out["maxLength"] = value::number(static_cast<uint64_t>(*f.max_length));
  if (!f.pattern.empty()) out["pattern"] = value::string(f.pattern);
}

value FieldSchema(const FieldSpec& f) {
  const bool nullable = f.presence == Presence::kOptional;  // an empty optional field reads as absent
  value out = Object();
  if (!f.description.empty()) out["description"] = value::string(f.description);
  if (!f.default_value.empty()) {
    out["default"] = f.type == FieldType::kBool  ? value::boolean(f.default_value == "true")
                     : f.type == FieldType::kInt ? value::number(static_cast<int64_t>(std::stoll(f.default_value)))
                                                 : value::string(f.default_value);
  }
  switch (f.type) {
    case FieldType::kString:
      if (!f.allowed.empty()) {
        out["enum"] = Strings(f.allowed);
        break;
      }
      out["type"] = ScalarTypes(nullable);
      if (!nullable) out["minLength"] = value::number(1);
      AddStringLimits(f, out);
      break;
    case FieldType::kEnum: {
      value values = Strings(f.allowed);
      if (nullable) values[f.allowed.size()] = value::null();
      out["enum"] = values;
      break;
    }
    case FieldType::kBool:
      out["type"] = nullable ? Strings({"boolean", "null"}) : value::string("boolean");
      break;
    case FieldType::kInt:
      out["type"] = nullable ? Strings({"integer", "null"}) : value::string("integer");
      if (f.minimum) out["minimum"] = value::number(static_cast<int64_t>(*f.minimum));
      if (f.maximum) out["maximum"] = value::number(static_cast<int64_t>(*f.maximum));
      break;
    case FieldType::kIntEnum: {
      value values = value::array();
      for (std::size_t i = 0; i < f.allowed.size(); ++i) values[i] = value::number(std::stoi(f.allowed[i]));
      if (nullable) values[f.allowed.size()] = value::null();
      out["enum"] = values;
      break;
    }
    case FieldType::kDuration:
      out["type"] = nullable ? Strings({"string", "null"}) : value::string("string");
      out["pattern"] = value::string("^([0-9]+[dhms])+$");
      break;
    case FieldType::kPath:
    case FieldType::kPemFile:
      out["type"] = ScalarTypes(nullable);
      out["minLength"] = value::number(1);
      break;
    case FieldType::kPem:
    case FieldType::kSecret: {
      value ref = Object();
      ref["$ref"] = value::string(f.type == FieldType::kPem ? "#/$defs/pem" : "#/$defs/secret");
      if (!nullable) {
        out["$ref"] = ref["$ref"];
        break;
      }
      value null_type = Object();
      null_type["type"] = value::string("null");
      value any = value::array(2);
      any[0] = ref;
      any[1] = null_type;
      out["anyOf"] = any;
      break;
    }
    case FieldType::kStringList: {
      out["type"] = nullable ? Strings({"array", "null"}) : value::string("array");
      value items = Object();
      items["type"] = ScalarTypes(false);
      AddStringLimits(f, items);
      out["items"] = items;
      if (f.min_items) out["minItems"] = value::number(static_cast<uint64_t>(*f.min_items));
      if (f.max_items) out["maxItems"] = value::number(static_cast<uint64_t>(*f.max_items));
      break;
    }
    case FieldType::kStringMap: {
      out["type"] = nullable ? Strings({"object", "null"}) : value::string("object");
      value values = Object();
      values["type"] = ScalarTypes(false);
      out["additionalProperties"] = values;
      break;
    }
    case FieldType::kMap: {
      if (f.fields.empty()) {  // the envelope's spec: its fields depend on the kind (allOf below)
        out["type"] = value::string("object");
        break;
      }
      value map = MapSchema(f.fields, nullable);
      for (const auto& [key, v] : map.as_object()) out[key] = v;
      break;
    }
  }
  return out;
}

value KindSchema(const KindSpec& kind) {
  value out = MapSchema(kind.spec, false);
  out["description"] = value::string(kind.description);
  if (!kind.any_of_required.empty()) {
    value any = value::array(kind.any_of_required.size());
    for (std::size_t i = 0; i < kind.any_of_required.size(); ++i) {
      value one = Object();
      one["required"] = Strings({kind.any_of_required[i]});
      any[i] = one;
    }
    out["anyOf"] = any;
  }
  return out;
}

value Definitions() {
  value defs = Object();
  value file = Object();
  file["type"] = value::string("object");
  value file_props = Object();
  value path = Object();
  path["type"] = ScalarTypes(false);
  path["minLength"] = value::number(1);
  file_props["file"] = path;
  file["properties"] = file_props;
  file["required"] = Strings({"file"});
  file["additionalProperties"] = value::boolean(false);

  value pem = Object();
  pem["description"] = value::string("Inline PEM text, or {file: PATH} relative to the manifest's directory.");
  value inline_pem = Object();
  inline_pem["type"] = value::string("string");
  inline_pem["pattern"] = value::string("-----BEGIN ");
  value pem_any = value::array(2);
  pem_any[0] = inline_pem;
  pem_any[1] = file;
  pem["anyOf"] = pem_any;
  defs["pem"] = pem;

  value secret = Object();
  secret["description"] =
      value::string("{file: PATH} or {env: VARIABLE}, exactly one; a secret is never written inline.");
  secret["type"] = value::string("object");
  value secret_props = Object();
  secret_props["file"] = path;
  value env = Object();
  env["type"] = ScalarTypes(false);
  secret_props["env"] = env;
  secret["properties"] = secret_props;
  secret["minProperties"] = value::number(1);
  secret["maxProperties"] = value::number(1);
  secret["additionalProperties"] = value::boolean(false);
  defs["secret"] = secret;

  for (int k = 0; k < kKindCount; ++k) {
    const KindSpec& kind = KindFields(static_cast<Kind>(k));
    defs[std::string(KindName(kind.kind))] = KindSchema(kind);
  }
  return defs;
}

value Schema() {
  value out = Object();
  out["$schema"] = value::string("https://json-schema.org/draft/2020-12/schema");
  out["title"] = value::string("edgecert manifest");
  out["description"] = value::string(
      "One edgecert manifest document (apiVersion edgecert.dev/v1). Generated by `edgecert schema` from the "
      "loader's field tables; `edgecert validate` also checks what a schema cannot (references, hostnames in "
      "their zone, PEM contents).");
  value envelope = MapSchema(EnvelopeFields(), false);
  for (const auto& [key, v] : envelope.as_object()) out[key] = v;
  value all = value::array(kKindCount);
  for (int k = 0; k < kKindCount; ++k) {
    const std::string name(KindName(static_cast<Kind>(k)));
    value kind_const = Object();
    kind_const["const"] = value::string(name);
    value if_props = Object();
    if_props["kind"] = kind_const;
    value condition = Object();
    condition["properties"] = if_props;
    condition["required"] = Strings({"kind"});
    value spec_ref = Object();
    spec_ref["$ref"] = value::string("#/$defs/" + name);
    value then_props = Object();
    then_props["spec"] = spec_ref;
    value then = Object();
    then["properties"] = then_props;
    value rule = Object();
    rule["if"] = condition;
    rule["then"] = then;
    all[k] = rule;
  }
  out["allOf"] = all;
  out["$defs"] = Definitions();
  return out;
}

void Write(const value& v, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent + 2), ' ');
  if (v.is_object() && v.size() > 0) {
    out += "{\n";
    bool first = true;
    for (const auto& [key, item] : v.as_object()) {
      out += (first ? "" : ",\n") + pad + value::string(key).serialize() + ": ";
      Write(item, indent + 2, out);
      first = false;
    }
    out += "\n" + std::string(static_cast<std::size_t>(indent), ' ') + "}";
  } else if (v.is_array() && v.size() > 0) {
    out += "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
      out += (i ? ", " : "");
      Write(v.at(i), indent + 2, out);
    }
    out += "]";
  } else {
    out += v.serialize();
  }
}

}  // namespace

std::string ManifestJsonSchema() {
  std::string out;
  Write(Schema(), 0, out);
  return out + "\n";
}

}  // namespace edgecert::manifests
