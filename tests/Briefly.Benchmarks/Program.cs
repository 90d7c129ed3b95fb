using BenchmarkDotNet.Running;
using Briefly.Benchmarks;

// `latency [stories]` prints per-question percentiles, build time and memory, which BenchmarkDotNet does not report.
if (args is ["latency", ..])
{
    LatencyReport.Run(args is [_, var size] ? int.Parse(size, System.Globalization.CultureInfo.InvariantCulture) : 100_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
