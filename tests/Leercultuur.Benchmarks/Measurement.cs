using System.Diagnostics;

namespace Leercultuur.Benchmarks;

/// <summary>Times repeated operations and the bytes they allocate; medians resist a noisy shared machine.</summary>
public sealed record Measurement(string Scenario, string Engine, int Operations, double MedianMicroseconds, double P95Microseconds, double BytesPerOperation)
{
    public static async Task<Measurement> RunAsync(string scenario, string engine, int operations, Func<int, Task> operation, int warmup = 20)
    {
        for (var i = 0; i < warmup; i++)
        {
            await operation(-1 - i);
        }

        var samples = new double[operations];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < operations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(i);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Array.Sort(samples);
        return new Measurement(scenario, engine, operations, samples[operations / 2], samples[(int)(operations * 0.95)], (double)allocated / operations);
    }
}
