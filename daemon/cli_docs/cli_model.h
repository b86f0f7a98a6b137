// CliCommand: a plain description of the edgecert command line (commands, their options and
// positionals) read from the CLI11 app, so completion scripts and the man page are generated from the
// one definition the parser uses. Thread-safety: plain values.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace edgecert::daemon::cli_docs {

// What a shell should offer for an option's value or a positional argument.
enum class ValueCompletion {
  kNone,       // free text or a number: nothing to offer
  kChoices,    // one of `choices`
  kFile,       // a path
  kDirectory,  // a directory
};

struct CliOption {
  std::vector<std::string> long_names;   // without dashes: "output"
  std::vector<std::string> short_names;  // without dash: "o"
  std::string value_name;                // "DIR", "TEXT", "INT"; empty for a flag
  std::string description;
  std::string default_value;         // empty when none is known to CLI11
  std::vector<std::string> choices;  // from an IsMember check
  ValueCompletion completion = ValueCompletion::kNone;
  bool required = false;

  bool takes_value() const { return !value_name.empty(); }
};

struct CliCommand {
  std::string name;                    // "edgecert" at the root, else the sub-command's name
  std::string description;             // one line
  std::string footer;                  // longer text after the options, may be empty
  std::vector<CliOption> options;      // named options and flags, --help first
  std::vector<CliOption> positionals;  // in order; one given as "DIR,--manifests" is in both lists
  std::vector<CliCommand> subcommands;
};

// Reads `app` and its sub-commands recursively (disabled ones are left out).
CliCommand DescribeCli(const CLI::App& app);

}  // namespace edgecert::daemon::cli_docs
