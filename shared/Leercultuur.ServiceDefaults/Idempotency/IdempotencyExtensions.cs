using Leercultuur.Data.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leercultuur.ServiceDefaults.Idempotency;

/// <summary>Marks an operation that honours Idempotency-Key, for the OpenAPI documents.</summary>
public sealed class IdempotentMetadata;

public static class IdempotencyExtensions
{
    /// <summary>The idempotency store of the service <typeparamref name="TOwner"/> and its hourly cleaning.</summary>
    public static IServiceCollection AddIdempotency<TOwner>(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.AddValidatedSettings<IdempotencyOptions>(configuration, IdempotencyOptions.Section);
        services.AddSingleton<IdempotencyStore<TOwner>>();
        services.AddHostedService<IdempotencyCleaner<TOwner>>();
        return services;
    }

    /// <summary>Honours Idempotency-Key on this POST; repeats get the first answer again.</summary>
    public static RouteHandlerBuilder WithIdempotency<TOwner>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<IdempotencyFilter<TOwner>>()
            .WithMetadata(new IdempotentMetadata())
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}

/// <summary>Forgets keys older than the retention, in batches, every hour.</summary>
internal sealed class IdempotencyCleaner<TOwner>(IdempotencyStore<TOwner> store, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await store.CleanAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromHours(1), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is away: try again in five minutes; nothing depends on the cleaning being on time.
                await Task.Delay(TimeSpan.FromMinutes(5), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
