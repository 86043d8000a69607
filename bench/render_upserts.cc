// render_upserts CONF_DIR EVENTS: lc-render's core in process, without the
// process start: every line of EVENTS (container events) through a fresh
// Renderer with the configs of CONF_DIR, best of 5, in milliseconds, beside
// decoding the same events alone (the floor every consumer pays).  Wall
// and this process's CPU time (a loaded machine inflates the first only).
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/render/renderer.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: render_upserts CONF_DIR EVENTS\n");
    return 2;
  }
  std::vector<std::string> lines;
  std::ifstream in(argv[2]);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  auto cpu_ms = [] {
    timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
  };
  double best_cpu = 0;
  auto best_ms = [&](auto&& run) {
    double best = 1e9;
    best_cpu = 1e9;
    for (int round = 0; round < 5; round++) {
      auto t0 = std::chrono::steady_clock::now();
      double c0 = cpu_ms();
      run();
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (ms < best) best = ms;
      if (cpu_ms() - c0 < best_cpu) best_cpu = cpu_ms() - c0;
    }
    return best;
  };
  size_t out_bytes = 0;
  double render = best_ms([&] {
    std::vector<lc::CollectionConfig> configs;
    lc::Status s = lc::LoadCollectionConfigs(lc::RealFileSystem(), argv[1], {}, &configs);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.message().c_str());
      std::exit(2);
    }
    lc::Renderer r(std::move(configs), lc::RealFileSystem(), nullptr);
    std::string out;
    for (const std::string& l : lines) (void)r.ApplyLine(l, &out);
    out_bytes = out.size();
  });
  double render_cpu = best_cpu;
  double decode = best_ms([&] {
    for (const std::string& l : lines) {
      lc::ContainerEvent e;
      (void)lc::DecodeContainerEvent(l, &e);
    }
  });
  std::printf("%-34s wall %7.1f ms  CPU %7.1f ms  (%zu events, %zu bytes of watches)\n",
              "render in process (best of 5)", render, render_cpu, lines.size(), out_bytes);
  std::printf("%-34s wall %7.1f ms  CPU %7.1f ms\n", "decode the events alone", decode, best_cpu);
  return 0;
}
