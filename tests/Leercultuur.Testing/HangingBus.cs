using System.Reflection;
using MassTransit;

namespace Leercultuur.Testing;

/// <summary>
/// A bus whose broker never confirms: every publish waits until it is cancelled, as a publish to a
/// broker that accepts the connection but has stopped answering would. Anything else is not supported.
/// </summary>
public class HangingBus : DispatchProxy
{
    private int publishes;

    public int Publishes => Volatile.Read(ref publishes);

    public static IBus Create() => DispatchProxy.Create<IBus, HangingBus>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod?.Name != nameof(IBus.Publish))
        {
            throw new NotSupportedException($"{targetMethod?.Name} is not part of a hanging bus.");
        }

        Interlocked.Increment(ref publishes);
        var token = args?.OfType<CancellationToken>().LastOrDefault() ?? CancellationToken.None;
        return Task.Delay(Timeout.Infinite, token);
    }
}
