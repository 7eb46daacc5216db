using Leercultuur.Messaging.Inbox;
using Leercultuur.Messaging.Outbox;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Leercultuur.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// One MassTransit bus for the host, on RabbitMQ or in memory as configured in <c>Messaging</c>, with
    /// the consumers every service module adds through <paramref name="addConsumers"/>.
    /// </summary>
    public static IServiceCollection AddLeercultuurMessaging(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<IBusRegistrationConfigurator> addConsumers)
    {
        var options = new MessagingOptions();
        configuration.GetSection("Messaging").Bind(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);

        // Start-up waits for the bus: consumers' queues and bindings exist before the host takes requests,
        // so nothing is published into an exchange that has no queue behind it yet.
        services.Configure<MassTransitHostOptions>(host =>
        {
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromSeconds(60);
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });

        services.AddMassTransit(bus =>
        {
            bus.ConfigureUsageTelemetryOptions(telemetry => telemetry.Enabled = false);
            bus.SetKebabCaseEndpointNameFormatter();
            addConsumers(bus);
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                endpoint.UseMessageRetry(retry => retry.Intervals(options.RetryIntervals));
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                    rabbit.SetQueueArgument("x-delivery-limit", options.RabbitMq.DeliveryLimit);
                }
            });

            if (options.Transport == MessagingTransport.RabbitMq)
            {
                bus.UsingRabbitMq((context, rabbit) =>
                {
                    var settings = options.RabbitMq;
                    rabbit.Host(settings.Host, settings.Port, settings.VirtualHost, host =>
                    {
                        host.Username(settings.Username);
                        host.Password(settings.Password);
                        host.PublisherConfirmation = true;
                    });
                    rabbit.PrefetchCount = settings.PrefetchCount;
                    rabbit.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context));
            }
        });

        return services;
    }

    /// <summary>The outbox and its relay for the database of the service <typeparamref name="TOwner"/>.</summary>
    public static IServiceCollection AddOutbox<TOwner>(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OutboxSignal<TOwner>>();
        services.AddSingleton<Outbox<TOwner>>();
        services.AddSingleton<OutboxRelay<TOwner>>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay<TOwner>>());
        return services;
    }

    /// <summary>The inbox for the database of the service <typeparamref name="TOwner"/>.</summary>
    public static IServiceCollection AddInbox<TOwner>(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Inbox<TOwner>>();
        return services;
    }
}
