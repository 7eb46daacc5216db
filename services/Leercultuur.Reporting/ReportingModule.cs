using System.Reflection;
using Leercultuur.Data;
using Leercultuur.Data.Settings;
using Leercultuur.Messaging;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Reporting.Benchmarks;
using Leercultuur.Reporting.Dashboard;
using Leercultuur.Reporting.Indicators;
using Leercultuur.Reporting.Metadata;
using Leercultuur.Reporting.Observations;
using Leercultuur.Reporting.Replays;
using Leercultuur.ServiceDefaults.Hosting;
using MassTransit;

namespace Leercultuur.Reporting;

/// <summary>The reporting service: additive aggregates of completed scans, published under disclosure control.</summary>
public sealed class ReportingModule : IServiceModule
{
    public ApiDescriptor Api { get; } = new(
        "reporting",
        "Leercultuur reporting API",
        "1.0.0",
        "Aggregated learning-culture indicators per sector, size class, province and period, under statistical disclosure control.");

    public void AddServices(WebApplicationBuilder builder)
    {
        builder.Services.AddServiceDatabase<ReportingModule>(builder.Configuration, "Reporting:Database", Path.Combine("data", "reporting.db"));
        builder.Services.AddInbox<ReportingModule>();
        builder.Services.AddValidatedSettings<DisclosureOptions>(builder.Configuration, DisclosureOptions.Section);
        builder.Services.AddValidatedSettings<IngestOptions>(builder.Configuration, IngestOptions.Section);
        builder.Services.AddValidatedSettings<ReportingAccessOptions>(builder.Configuration, ReportingAccessOptions.Section);
        builder.Services.AddSingleton<AggregateRepository>();
        builder.Services.AddSingleton<InstrumentVersions>();
        builder.Services.AddSingleton<IndicatorRepository>();
        builder.Services.AddValidatedSettings<ReleaseOptions>(builder.Configuration, ReleaseOptions.Section);
        builder.Services.AddSingleton<ReleaseBuilder>();
        builder.Services.AddValidatedSettings<AnswerCacheOptions>(builder.Configuration, AnswerCacheOptions.Section);
        builder.Services.AddSingleton<AnswerCache>();
        builder.Services.AddSingleton<ObservationReader>();
        builder.Services.AddSingleton<ReleaseJob>();
        builder.Services.AddValidatedSettings<DashboardOptions>(builder.Configuration, DashboardOptions.Section);
        builder.Services.AddSingleton<DashboardAssets>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReleaseJob>());

        // A replay page is safe to ask again (reporting counts every scan once), so failed attempts are retried.
        builder.Services.AddValidatedSettings<ReplayOptions>(builder.Configuration, ReplayOptions.Section);
        builder.Services.AddSingleton<ScansReplayClient>();
        var replay = builder.Configuration.GetSection(ReplayOptions.Section).Get<ReplayOptions>() ?? new ReplayOptions();
        builder.Services.AddHttpClient(ScansReplayClient.Name)
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.AttemptTimeout.Timeout = replay.PageTimeout;
                resilience.TotalRequestTimeout.Timeout = replay.PageTimeout * 3;
                resilience.CircuitBreaker.SamplingDuration = replay.PageTimeout * 2;
            });
    }

    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ScanCompletedConsumer, ScanCompletedConsumerDefinition>();
        bus.AddConsumer<ScanCompletedBatchConsumer, ScanCompletedBatchConsumerDefinition>();
        bus.AddConsumer<OrganisationErasedConsumer, OrganisationErasedConsumerDefinition>();
        bus.AddConsumer<ScanWithdrawnConsumer, ScanWithdrawnConsumerDefinition>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapIndicators(Api);
        endpoints.MapBenchmarks(Api);
        endpoints.MapMetadata(Api);
        endpoints.MapObservations(Api);
        endpoints.MapDashboard(Api);
    }

    public async Task<string?> RebuildAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var outcomes = await services.GetRequiredService<ReleaseJob>().RebuildAsync(cancellationToken);
        if (outcomes.Any(o => o.Outcome == ReleaseOutcome.Failed))
        {
            throw new InvalidOperationException($"The rebuild of {outcomes.Count} period(s) failed and was rolled back: the releases in force stay. The log says why.");
        }

        return $"{outcomes.Count} period(s): " + string.Join(", ", outcomes.GroupBy(o => o.Outcome).Select(g => $"{g.Count()} {g.Key}"));
    }

    public async Task<string?> ReplayAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var summary = await services.GetRequiredService<ScansReplayClient>().ReplayAllAsync(cancellationToken);
        return $"the scan service queued {summary.Published} completed scan(s) again in {summary.Pages} page(s); they arrive through the consumers of a running reporting service";
    }

    public IReadOnlyList<string> Migrate(IServiceProvider services, bool force) =>
        ModuleMigration.MigrateIfConfigured<ReportingModule>(services, force, Assembly.GetExecutingAssembly());
}
