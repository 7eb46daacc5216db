using System.Diagnostics;
using Leercultuur.Organisations.Programmes;
using Leercultuur.Organisations.Registration;
using Leercultuur.Reporting.Aggregation;
using Leercultuur.Reporting.Observations;
using Leercultuur.Scans.Organisations;
using Leercultuur.Scans.Respondents;
using Leercultuur.Scans.Scanning;
using Leercultuur.ServiceDefaults.Security;

namespace Leercultuur.Standalone.Seeding;

/// <summary>
/// Loads a synthetic data set through the same application services the APIs call: organisations are
/// registered (and replicated over the bus), scans started, answered and completed, and reporting
/// aggregates them from the events. Runs once, on an empty database, after the host has started.
/// </summary>
public sealed class DemoSeeder(
    IHostApplicationLifetime lifetime,
    OrganisationService organisations,
    ProgrammeRepository programmes,
    TimeProvider time,
    OrganisationReplica replica,
    ScanService scans,
    RespondentService respondents,
    ReleaseJob releases,
    AggregateRepository reporting,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    // Taken as the host is built, before the release job's first pass: the demo's quarters are over, so
    // a pass during the load would release them half-filled, and the revision rule would then hold the
    // full figures (they change which cells are shown by fewer than k organisations).
    private readonly IDisposable releaseHold = releases.HoldTimedPasses();

    public override void Dispose()
    {
        releaseHold.Dispose();
        base.Dispose();
    }

    // The seeder acts as an admin would, through the same application services as the API.
    private static readonly Caller Seeder = new("demo-seeder", new HashSet<string> { Roles.Admin }, null);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await LoadAsync(stoppingToken);
        }
        finally
        {
            releaseHold.Dispose();
        }
    }

    private async Task LoadAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        if ((await organisations.ListAsync(new OrganisationFilter(null, null, null, null, null, null), null, 1, Seeder, stoppingToken)).Rows.Count > 0)
        {
            logger.LogInformation("Demo data not loaded: the organisation database is not empty");
            return;
        }

        var stopwatch = Stopwatch.StartNew();

        // A reporting database kept from an earlier load (with the organisations deleted) holds facts already.
        var factsBefore = await reporting.CountTeamFactsAsync(stoppingToken);
        var data = new DemoData(seed: 2026);
        await CreateProgrammesAsync(stoppingToken);
        var registered = new List<(Guid Id, double Climate)>();
        var members = new Dictionary<Guid, int>();
        foreach (var organisation in data.Organisations())
        {
            var outcome = await organisations.RegisterAsync(organisation.Request, Seeder, stoppingToken);
            if (!outcome.IsOk)
            {
                continue;
            }

            var id = outcome.Value!.Id;
            registered.Add((id, organisation.Climate));
            var joins = data.MembershipsFor(outcome.Value.SbiSection);
            foreach (var programme in joins)
            {
                await organisations.ChangeMembershipAsync(programme, id, member: true, stoppingToken);
            }

            members[id] = joins.Count;
        }

        // Scans are started once the scan service knows each organisation and its programmes, so the
        // completions carry them and the programme figures fill.
        await WaitForReplicationAsync(members, stoppingToken);

        var completed = 0;
        foreach (var (organisationId, climate) in registered)
        {
            foreach (var plan in data.ScansFor(climate))
            {
                var start = await scans.StartAsync(new StartScanRequest { OrganisationId = organisationId, Instrument = DemoData.Instrument, Period = plan.Period }, Seeder, stoppingToken);
                if (!start.IsOk)
                {
                    continue;
                }

                var invited = await respondents.InviteAsync(start.Value!.Id, new InvitationRequest { Role = DemoData.Role, Count = plan.Responses.Count }, Seeder, stoppingToken);
                foreach (var (answers, token) in plan.Responses.Zip(invited.Value!.Tokens))
                {
                    await respondents.SubmitAsync(start.Value.Id, token, new AnswersRequest { Answers = answers }, stoppingToken);
                }

                if ((await scans.CompleteAsync(start.Value!.Id, Seeder, stoppingToken)).IsOk)
                {
                    completed++;
                }
            }
        }

        // Released once reporting has every completion (they travel over the bus): one release per period.
        await WaitForReportingAsync(factsBefore, completed, stoppingToken);
        logger.LogInformation(
            "Demo data loaded: {Organisations} organisations ({Members} in a programme), {Scans} completed scans in {Seconds:F1} s",
            registered.Count,
            members.Count(m => m.Value > 0),
            completed,
            stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>Waits until reporting holds a fact for each completion of this load (on top of what it held before).</summary>
    private async Task WaitForReportingAsync(long before, int completed, CancellationToken stoppingToken)
    {
        var deadline = time.GetUtcNow().AddMinutes(2);
        while (await reporting.CountTeamFactsAsync(stoppingToken) < before + completed)
        {
            if (time.GetUtcNow() > deadline)
            {
                logger.LogWarning("Reporting did not receive every demo scan within two minutes; the demo's periods are released with what arrived, and later scans wait for the revision rules.");
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, stoppingToken);
        }
    }

    private async Task CreateProgrammesAsync(CancellationToken stoppingToken)
    {
        foreach (var programme in DemoData.Programmes)
        {
            if (await programmes.FindAsync(programme.Id, stoppingToken) is null)
            {
                await programmes.InsertAsync(
                    new ProgrammeRow
                    {
                        Id = programme.Id,
                        Name = programme.Name,
                        Description = programme.Description,
                        SbiSections = string.Join(',', programme.Sections),
                        CreatedAt = time.GetUtcNow(),
                        Version = 1,
                    },
                    stoppingToken);
            }
        }
    }

    private async Task WaitForReplicationAsync(IReadOnlyDictionary<Guid, int> programmesPerOrganisation, CancellationToken stoppingToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        foreach (var (id, count) in programmesPerOrganisation)
        {
            while (await replica.FindAsync(id, stoppingToken) is not { } copy || copy.ProgrammeIdList().Count < count)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("Organisations did not reach the scan service's replica in time.");
                }

                await Task.Delay(50, stoppingToken);
            }
        }
    }
}
