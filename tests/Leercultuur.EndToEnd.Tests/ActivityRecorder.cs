using System.Collections.Concurrent;
using System.Diagnostics;

namespace Leercultuur.EndToEnd.Tests;

/// <summary>Records every finished activity of our own code and of MassTransit in this process.</summary>
internal sealed class ActivityRecorder : IDisposable
{
    private readonly ActivityListener listener;

    public ActivityRecorder()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("MassTransit", StringComparison.Ordinal)
                || source.Name.StartsWith("Leercultuur", StringComparison.Ordinal)
                || source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Stopped.Add(activity),
        };
        ActivitySource.AddActivityListener(listener);
    }

    public ConcurrentBag<Activity> Stopped { get; } = [];

    public void Dispose() => listener.Dispose();
}
