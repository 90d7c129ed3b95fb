using BenchmarkDotNet.Running;
using Briefly.Benchmarks;

// `latency [stories…]` prints per-question percentiles, build time and memory, which BenchmarkDotNet does not report.
if (args is ["latency", ..])
{
    LatencyReport.Run([.. args.Skip(1).Select(int.Parse)]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
