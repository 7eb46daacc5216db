using System.Reflection;
using Leercultuur.Data;
using Leercultuur.Data.Settings;
using Leercultuur.Messaging;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Reporting.Benchmarks;
using Leercultuur.Reporting.Indicators;
using Leercultuur.Reporting.Metadata;
using Leercultuur.Reporting.Observations;
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
        builder.Services.AddSingleton<IndicatorRepository>();
        builder.Services.AddValidatedSettings<ReleaseOptions>(builder.Configuration, ReleaseOptions.Section);
        builder.Services.AddSingleton<ReleaseBuilder>();
        builder.Services.AddSingleton<ObservationReader>();
        builder.Services.AddSingleton<ReleaseJob>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReleaseJob>());
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
    }

    public async Task<string?> RebuildAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var outcomes = await services.GetRequiredService<ReleaseJob>().RebuildAsync(cancellationToken);
        return $"{outcomes.Count} period(s): " + string.Join(", ", outcomes.GroupBy(o => o.Outcome).Select(g => $"{g.Count()} {g.Key}"));
    }

    public IReadOnlyList<string> Migrate(IServiceProvider services, bool force) =>
        ModuleMigration.MigrateIfConfigured<ReportingModule>(services, force, Assembly.GetExecutingAssembly());
}
