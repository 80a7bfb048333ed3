// Yardstick driver for bench/targets.ts: times pcst_fast (Hegde, Indyk & Schmidt 2015; the C++ solver inside
// OmicsIntegrator2, https://github.com/fraenkel-lab/pcst_fast) on an instance written by the benchmark.
//
// Build (pcst_fast's sources are not part of this repository):
//   g++ -O3 -std=c++11 -I<pcst_fast>/src -o pcst-fast-driver bench/pcst-fast-driver.cc <pcst_fast>/src/pcst_fast.cc
// Run:  pcst-fast-driver <instance> <repeats> [<solution out>]
// Instance: "n m root", then n prizes, then m lines "u v cost". Solution: "v i" per vertex, "e j" per edge.
// The constructor signature differs between pcst_fast versions; adapt the one marked line if needed.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "pcst_fast.h"

using cluster_approx::PCSTFast;

static void quiet(const char*) {}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  FILE* f = std::fopen(argv[1], "r");
  if (!f) return 2;
  int n, m, root;
  if (std::fscanf(f, "%d %d %d", &n, &m, &root) != 3) return 1;
  std::vector<double> prizes(n), costs(m);
  std::vector<std::pair<int, int> > edges(m);
  for (int i = 0; i < n; i++)
    if (std::fscanf(f, "%lf", &prizes[i]) != 1) return 1;
  for (int i = 0; i < m; i++)
    if (std::fscanf(f, "%d %d %lf", &edges[i].first, &edges[i].second, &costs[i]) != 3) return 1;
  std::fclose(f);
  const int repeats = std::atoi(argv[2]);
  std::vector<int> nodes, out_edges;
  for (int r = 0; r < repeats || (r == 0 && argc > 3); r++) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    PCSTFast algo(edges, prizes, costs, root, 0, PCSTFast::kStrongPruning, 0, quiet);  // <- version-dependent
    algo.run(&nodes, &out_edges);
    const double cpu = 1000.0 * (std::clock() - c0) / CLOCKS_PER_SEC;
    const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (r < repeats) std::printf("pcst_fast %zu vertices %zu edges wall_ms %.1f cpu_ms %.1f\n", nodes.size(), out_edges.size(), wall, cpu);
  }
  if (argc > 3) {
    FILE* o = std::fopen(argv[3], "w");
    for (int v : nodes) std::fprintf(o, "v %d\n", v);
    for (int e : out_edges) std::fprintf(o, "e %d\n", e);
    std::fclose(o);
  }
  return 0;
}
