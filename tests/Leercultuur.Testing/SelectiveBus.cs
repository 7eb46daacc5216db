using System.Reflection;
using MassTransit;

namespace Leercultuur.Testing;

/// <summary>
/// A real bus with a broker that refuses some messages: a publish of a message the test picks fails as
/// the broker's nack would; every other call goes to the real bus.
/// </summary>
public class SelectiveBus : DispatchProxy
{
    private IBus inner = null!;
    private Func<object, bool> refuses = null!;

    public static IBus Create(IBus inner, Func<object, bool> refuses)
    {
        var proxy = DispatchProxy.Create<IBus, SelectiveBus>();
        var selective = (SelectiveBus)(object)proxy;
        selective.inner = inner;
        selective.refuses = refuses;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod?.Name == nameof(IBus.Publish) && args is [{ } message, ..] && refuses(message))
        {
            return Task.FromException(new MessageNotAcknowledgedException(new Uri("rabbitmq://localhost/refused"), "The broker refused the message."));
        }

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
