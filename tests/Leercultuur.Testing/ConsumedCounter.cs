using MassTransit;

namespace Leercultuur.Testing;

/// <summary>Counts messages a bus has finished consuming (or faulted on), to wait until it is quiet.</summary>
public sealed class ConsumedCounter : IConsumeObserver
{
    private int consumed;

    public int Consumed => Volatile.Read(ref consumed);

    public static ConsumedCounter Attach(IBus bus)
    {
        var counter = new ConsumedCounter();
        bus.ConnectConsumeObserver(counter);
        return counter;
    }

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        Interlocked.Increment(ref consumed);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class
    {
        Interlocked.Increment(ref consumed);
        return Task.CompletedTask;
    }
}
