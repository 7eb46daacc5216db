using Leercultuur.Data;
using Leercultuur.Data.Settings;
using Leercultuur.Messaging.Inbox;
using Leercultuur.Messaging.Outbox;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Leercultuur.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// One MassTransit bus for the host, on RabbitMQ or in memory as configured in <c>Messaging</c>, with
    /// the consumers every service module adds through <paramref name="addConsumers"/>.
    /// </summary>
    /// <param name="deployTopologyOnly">
    /// For the <c>migrate</c> command: the bus declares its queues, exchanges and bindings and consumes
    /// nothing. Not a setting, so no configuration can stop a service from consuming by mistake.
    /// </param>
    public static IServiceCollection AddLeercultuurMessaging(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<IBusRegistrationConfigurator> addConsumers,
        bool deployTopologyOnly = false)
    {
        services.AddValidatedSettings<MessagingOptions>(configuration, MessagingOptions.Section);
        services.TryAddSingleton(TimeProvider.System);

        // The transport decides which bus is registered, so it is read before the options pipeline runs
        // (an unknown value fails here, naming the key).
        var transport = configuration.GetValue($"{MessagingOptions.Section}:{nameof(MessagingOptions.Transport)}", MessagingTransport.RabbitMq);

        // Serve at once, connected or not: liveness answers while the broker is down, readiness says
        // "not ready" until the bus is connected, and MassTransit keeps reconnecting in the background.
        // Queues exist before anything is published because the migrate command deploys the topology.
        services.Configure<MassTransitHostOptions>(host =>
        {
            host.WaitUntilStarted = false;
            host.StartTimeout = null;
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });

        services.AddMassTransit(bus =>
        {
            bus.ConfigureUsageTelemetryOptions(telemetry => telemetry.Enabled = false);
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "bus";
                health.MinimalFailureStatus = HealthStatus.Unhealthy;
                health.Tags.Add("ready");
            });
            bus.SetKebabCaseEndpointNameFormatter();
            addConsumers(bus);
            bus.AddConfigureEndpointsCallback((context, queueName, endpoint) =>
                ConfigureEndpoint(context.GetRequiredService<IOptions<MessagingOptions>>().Value, queueName, endpoint));

            if (transport == MessagingTransport.RabbitMq)
            {
                services.AddSingleton<Health.BrokerHealthCheck>();
                services.AddHealthChecks().AddCheck<Health.BrokerHealthCheck>("broker", tags: ["ready"]);
                bus.UsingRabbitMq((context, rabbit) =>
                {
                    var options = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                    var settings = options.RabbitMq;
                    rabbit.Host(settings.Host, (ushort)settings.Port, settings.VirtualHost, host =>
                    {
                        host.Username(settings.Username);
                        host.Password(settings.Password);
                        host.PublisherConfirmation = true;
                    });
                    rabbit.PrefetchCount = settings.PrefetchCount;

                    // Error and skipped queues are parking places that nothing consumes: classic queues
                    // without the input queue's delivery limit or dead-letter target, so listing them
                    // (read, then return) can never drop a message, on RabbitMQ 3 or 4.
                    rabbit.SendTopology.ConfigureErrorSettings = ErrorQueues.ErrorQueueTopology.AsParkingQueue;
                    rabbit.SendTopology.ConfigureDeadLetterSettings = ErrorQueues.ErrorQueueTopology.AsParkingQueue;
                    rabbit.DeployTopologyOnly = deployTopologyOnly;
                    rabbit.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context));
            }
        });

        services.AddSingleton<ErrorQueues.ErrorQueueTool>();
        return services;
    }

    /// <summary>
    /// Retries and broker settings of every receive endpoint. Two retry layers: a passing infrastructure
    /// fault (the database or broker is down) waits with growing intervals for as long as
    /// <see cref="TransientRetryOptions"/> allows, because the message is fine and will succeed once the
    /// dependency is back; any other fault gets the short retries and then goes to the error queue,
    /// because retrying a bug or bad data longer only delays the same failure.
    /// </summary>
    private static void ConfigureEndpoint(MessagingOptions options, string queueName, IReceiveEndpointConfigurator endpoint)
    {
        var patience = options.TransientRetry;
        endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(IsTransient);
            retry.Intervals(Enumerable.Range(0, patience.Limit).Select(patience.Interval).ToArray());
        });
        endpoint.UseMessageRetry(retry =>
        {
            retry.Ignore<Exception>(IsTransient);
            retry.Intervals(options.RetryIntervals);
        });

        options.Endpoints.TryGetValue(queueName, out var overrides);
        if (overrides?.ConcurrentMessageLimit is { } limit)
        {
            endpoint.ConcurrentMessageLimit = limit;
        }

        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            // Set explicitly: a consumer's concurrency limit otherwise makes MassTransit pick a prefetch
            // of its own (1.2 × the limit), and the documented setting would not be what the broker sees.
            rabbit.PrefetchCount = overrides?.PrefetchCount ?? options.RabbitMq.PrefetchCount;
            rabbit.SetQuorumQueue();
            rabbit.SetQueueArgument("x-delivery-limit", options.RabbitMq.DeliveryLimit);

            // A message delivered more often than the limit (its consumer crashed that often, or held it
            // past the broker's consumer timeout) goes to the error queue, not nowhere.
            rabbit.SetQueueArgument("x-dead-letter-exchange", ErrorQueues.ErrorQueueTopology.ExchangeFor(queueName));
        }
    }

    /// <summary>A passing database or broker fault: the message waits; anything else is its own fault.</summary>
    public static bool IsTransient(Exception exception) => TransientFaults.IsTransient(exception) || BrokerFaults.IsTransient(exception);

    /// <summary>The outbox and its relay for the database of the service <typeparamref name="TOwner"/>.</summary>
    public static IServiceCollection AddOutbox<TOwner>(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OutboxSignal<TOwner>>();
        services.AddSingleton<Outbox<TOwner>>();
        services.AddSingleton<OutboxAdministration<TOwner>>();
        services.AddSingleton<IOutboxAdministration>(sp => sp.GetRequiredService<OutboxAdministration<TOwner>>());
        services.AddSingleton<OutboxRelay<TOwner>>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay<TOwner>>());
        return services;
    }

    /// <summary>The inbox for the database of the service <typeparamref name="TOwner"/>, and its cleaner.</summary>
    public static IServiceCollection AddInbox<TOwner>(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Inbox<TOwner>>();
        services.AddSingleton<InboxCleaner<TOwner>>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxCleaner<TOwner>>());
        return services;
    }
}
