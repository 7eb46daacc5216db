using System.Reflection;
using MassTransit;

namespace Leercultuur.Testing;

/// <summary>
/// A real bus that counts how many publishes await their confirm at once (the most at any moment), and
/// that can stand for a broker that does not confirm the publishes a test picks by number (counting from
/// 1): those fail as an unconfirmed publish does. Every other call goes to the real bus.
/// </summary>
public class WatchedBus : DispatchProxy
{
    private IBus inner = null!;
    private Func<int, bool> fails = _ => false;
    private int publishes;
    private int inFlight;
    private int mostInFlight;

    public int Publishes => Volatile.Read(ref publishes);

    public int MostInFlight => Volatile.Read(ref mostInFlight);

    /// <param name="fails">Which publishes, by number from 1, the broker does not confirm.</param>
    public static IBus Create(IBus inner, Func<int, bool>? fails = null)
    {
        var proxy = DispatchProxy.Create<IBus, WatchedBus>();
        var watched = (WatchedBus)(object)proxy;
        watched.inner = inner;
        watched.fails = fails ?? (_ => false);
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod?.Name != nameof(IBus.Publish))
        {
            return Call(targetMethod, args);
        }

        if (fails(Interlocked.Increment(ref publishes)))
        {
            return Task.FromException(new MessageNotAcknowledgedException(new Uri("rabbitmq://localhost/gone"), "The broker did not confirm the message."));
        }

        return Watch((Task)Call(targetMethod, args)!);
    }

    private async Task Watch(Task publish)
    {
        var now = Interlocked.Increment(ref inFlight);
        int most;
        while (now > (most = Volatile.Read(ref mostInFlight)) && Interlocked.CompareExchange(ref mostInFlight, now, most) != most)
        {
        }

        try
        {
            await publish;
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private object? Call(MethodInfo? targetMethod, object?[]? args)
    {
        try
        {
            return targetMethod!.Invoke(inner, args);
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is not null)
        {
            throw invocation.InnerException;
        }
    }
}
