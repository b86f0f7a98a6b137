#include "daemon/cli_docs/cli_model.h"

#include <algorithm>
#include <cctype>

namespace edgecert::daemon::cli_docs {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// "TEXT:{text,json}" -> {"text", "json"}: CLI11 appends an IsMember check's set to the type name.
std::vector<std::string> ChoicesOf(const std::string& type_name) {
  std::vector<std::string> out;
  const std::size_t open = type_name.find(":{");
  if (open == std::string::npos) return out;
  const std::size_t close = type_name.find('}', open);
  if (close == std::string::npos) return out;
  std::string item;
  for (std::size_t i = open + 2; i <= close; ++i) {
    if (i == close || type_name[i] == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else {
      item += type_name[i];
    }
  }
  return out;
}

// The value's name as help shows it, without the checks: "TEXT:{text,json}" -> "TEXT".
std::string BaseTypeName(const std::string& type_name) { return type_name.substr(0, type_name.find(':')); }

ValueCompletion CompletionFor(const CliOption& option, const std::string& name) {
  if (!option.choices.empty()) return ValueCompletion::kChoices;
  const std::string value = Lower(option.value_name);
  const std::string lname = Lower(name);
  if (value == "dir" || Contains(lname, "dir")) return ValueCompletion::kDirectory;
  if (value == "file" || value == "path" || Contains(lname, "file") || Contains(lname, "config") || lname == "state" ||
      lname == "out") {
    return ValueCompletion::kFile;
  }
  return ValueCompletion::kNone;
}

CliOption DescribeOption(const CLI::Option& opt) {
  CliOption out;
  out.long_names = opt.get_lnames();
  out.short_names = opt.get_snames();
  out.description = opt.get_description();
  out.default_value = opt.get_default_str();
  out.required = opt.get_required();
  const std::string type = opt.get_type_name();
  if (opt.get_type_size_max() > 0 && !type.empty()) {
    out.value_name = BaseTypeName(type);
    out.choices = ChoicesOf(type);
  }
  // A positional's name ("DIR", "SHELL") says more than its type ("TEXT").
  const bool positional = opt.get_positional();
  const std::string name =
      positional ? opt.get_name(true, false) : (out.long_names.empty() ? std::string() : out.long_names.front());
  if (positional && (out.value_name == "TEXT" || out.value_name.empty())) out.value_name = name;
  out.completion = out.takes_value() ? CompletionFor(out, name) : ValueCompletion::kNone;
  return out;
}

}  // namespace

CliCommand DescribeCli(const CLI::App& app) {
  CliCommand out;
  out.name = app.get_parent() == nullptr ? "edgecert" : app.get_name();
  out.description = app.get_description();
  out.footer = app.get_footer();
  while (!out.footer.empty() && (out.footer.back() == '\n' || out.footer.back() == ' ')) out.footer.pop_back();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden: a removed spelling kept only to explain itself
    // "DIR,--out" would be both: a positional and a named option.
    if (opt->get_positional()) out.positionals.push_back(DescribeOption(*opt));
    if (opt->nonpositional()) out.options.push_back(DescribeOption(*opt));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_disabled(); })) {
    if (sub->get_name().empty()) continue;  // option groups are not commands
    out.subcommands.push_back(DescribeCli(*sub));
  }
  return out;
}

}  // namespace edgecert::daemon::cli_docs
