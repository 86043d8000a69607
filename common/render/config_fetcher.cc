#include "common/render/config_fetcher.h"

#include <dirent.h>
#include <unistd.h>

#include <cctype>
#include <map>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/base/atomic_file.h"

namespace lc {
namespace {

constexpr const char* kStateFile = ".fetch-state";
constexpr const char* kIndexFile = ".index.json";

// A config's file name: the last path segment, NAME.json, nothing that
// could climb out of the directory or hide as a dot file.
bool ConfigFileName(const std::string& url, std::string* name) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  *name = path.substr(path.rfind('/') + 1);
  if (name->size() <= 5 || name->compare(name->size() - 5, 5, ".json") != 0 || (*name)[0] == '.') return false;
  for (char c : *name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') return false;
  }
  return true;
}

// The validators of each file held, by file name ("" is the index).
using StateMap = std::map<std::string, HttpValidators>;

void LoadState(const std::string& path, StateMap* state) {
  std::string text;
  if (!ReadWholeFile(path, &text).ok()) return;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return;  // a damaged state costs one full fetch, nothing more
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it.value().is_array() || it.value().size() != 2) continue;
    if (!it.value()[0].is_string() || !it.value()[1].is_string()) continue;
    (*state)[it.key()] = HttpValidators{it.value()[0].get<std::string>(), it.value()[1].get<std::string>()};
  }
}

std::string EncodeState(const StateMap& state) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, v] : state) j[name] = {v.etag, v.last_modified};
  return j.dump() + "\n";
}

}  // namespace

std::string ResolveUrl(const std::string& base, const std::string& ref) {
  if (ref.find("://") != std::string::npos) return ref;
  size_t scheme = base.find("://");
  size_t host_end = base.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (!ref.empty() && ref[0] == '/') return base.substr(0, host_end) + ref;
  std::string dir = host_end == std::string::npos ? base + "/" : base.substr(0, base.rfind('/') + 1);
  return dir + ref;
}

Status ConfigFetcher::Sync(const std::string& index_url, bool* changed) {
  *changed = false;
  StateMap state;
  LoadState(dir_ + "/" + kStateFile, &state);
  const std::string state_before = EncodeState(state);
  // A validator is only worth sending for a copy still held.
  auto held = [&](const std::string& file) { return access((dir_ + "/" + file).c_str(), R_OK) == 0; };
  auto fetch = [&](const std::string& url, const std::string& file, std::string* body, bool* fresh) {
    HttpGetReply reply;
    HttpValidators have = held(file) ? state[file] : HttpValidators();
    if (Status s = getter_->Get(url, have, &reply); !s.ok()) return s;
    if (reply.status == 304 && !have.empty()) {
      *fresh = false;
      return ReadWholeFile(dir_ + "/" + file, body);
    }
    if (reply.status != 200) return Status::IOError(url + ": HTTP " + std::to_string(reply.status));
    *fresh = true;
    *body = std::move(reply.body);
    state[file] = reply.validators;
    return Status::OK();
  };

  std::string index;
  bool index_fresh = false;
  if (Status s = fetch(index_url, kIndexFile, &index, &index_fresh); !s.ok()) return s;
  nlohmann::json j = nlohmann::json::parse(index, nullptr, false);
  if (!j.is_object() || !j.contains("configs") || !j["configs"].is_array()) {
    return Status::InvalidArgument(index_url + ": not a config index (want {\"configs\": [URL, ...]})");
  }
  std::map<std::string, std::string> bodies;  // file -> content, for those fetched anew
  std::set<std::string> listed;
  for (const nlohmann::json& ref : j["configs"]) {
    std::string url, name;
    if (!ref.is_string()) return Status::InvalidArgument(index_url + ": configs: an entry is not a string");
    url = ResolveUrl(index_url, ref.get<std::string>());
    if (!ConfigFileName(url, &name)) {
      return Status::InvalidArgument(index_url + ": " + url + ": the last path segment must be NAME.json");
    }
    if (!listed.insert(name).second) {
      return Status::InvalidArgument(index_url + ": " + name + ": listed twice");
    }
    std::string body;
    bool fresh = false;
    if (Status s = fetch(url, name, &body, &fresh); !s.ok()) return s;
    if (fresh) bodies[name] = std::move(body);
  }

  // Everything fetched: now, and only now, the directory changes.
  for (const auto& [name, body] : bodies) {
    std::string old;
    if (ReadWholeFile(dir_ + "/" + name, &old).ok() && old == body) continue;
    if (Status s = WriteFileAtomically(dir_ + "/" + name, body); !s.ok()) return s;
    *changed = true;
  }
  if (DIR* d = opendir(dir_.c_str())) {
    std::vector<std::string> gone;
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n[0] != '.' && n.size() > 5 && n.compare(n.size() - 5, 5, ".json") == 0 && !listed.count(n)) gone.push_back(n);
    }
    closedir(d);
    for (const std::string& n : gone) {
      if (unlink((dir_ + "/" + n).c_str()) == 0) *changed = true;
      state.erase(n);
    }
  }
  if (index_fresh) {
    if (Status s = WriteFileAtomically(dir_ + "/" + kIndexFile, index); !s.ok()) return s;
  }
  // A poll where nothing changed writes nothing (no fsync every few seconds).
  std::string state_after = EncodeState(state);
  if (state_after == state_before) return Status::OK();
  return WriteFileAtomically(dir_ + "/" + kStateFile, state_after);
}

}  // namespace lc
