using System.Text.Json;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging;
using Leercultuur.Messaging.Outbox;
using Leercultuur.Scans.Instruments;
using Leercultuur.Scans.Organisations;
using Leercultuur.Scans.Scoring;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.Security;

namespace Leercultuur.Scans.Scanning;

/// <summary>Starts scans, takes anonymous responses and completes scans with scoring and <see cref="ScanCompleted"/>.</summary>
public sealed class ScanService(
    Database<ScansModule> database,
    ScanRepository scans,
    OrganisationReplica organisations,
    InstrumentCatalog instruments,
    Outbox<ScansModule> outbox,
    TimeProvider time)
{
    public async Task<Outcome<ScanResponse>> StartAsync(StartScanRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var instrument = request.InstrumentVersion is { } version
            ? instruments.Find(request.Instrument!, version)
            : instruments.Latest(request.Instrument!);
        if (instrument is null)
        {
            return Outcome<ScanResponse>.Unprocessable($"There is no instrument '{request.Instrument}'{(request.InstrumentVersion is { } v ? $" version {v}" : "")}. GET /scans/v1/instruments lists them.");
        }

        var now = time.GetUtcNow();
        if (request.Deadline is { } deadline && (deadline <= now || deadline > now + StartScanRequest.MaxDeadline))
        {
            return Outcome<ScanResponse>.Invalid("deadline", "A deadline lies after now and at most 366 days ahead.");
        }

        if (instrument.Status != Instrument.Published)
        {
            return Outcome<ScanResponse>.Unprocessable($"Instrument '{instrument.Key}' version {instrument.Version} is {instrument.Status}: new scans use a published version.");
        }

        var organisationId = request.OrganisationId!.Value;
        // Another programme's organisation reads as unknown, so ids cannot be probed.
        if (await organisations.FindAsync(organisationId, cancellationToken) is not { } organisation || !caller.Reaches(organisation.ProgrammeIdList()))
        {
            return Outcome<ScanResponse>.Unprocessable(
                $"Organisation {organisationId} is not known to the scan service. A just-registered organisation arrives within seconds; try again shortly.");
        }

        var token = RespondentToken.New();
        var row = new ScanRow
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            OrganisationId = organisationId,
            InstrumentKey = instrument.Key,
            InstrumentVersion = instrument.Version,
            Period = Period.Parse(request.Period!).ToString(),
            RespondentTokenHash = RespondentToken.Hash(token),
            Status = ScanRow.Open,
            CreatedAt = now,
            Deadline = request.Deadline?.ToUniversalTime(),
        };
        var stored = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                // Erased since the check above? Then there is nothing to start a scan for.
                if (await organisations.LockAndFindAsync(connection, transaction, organisationId, cancellationToken) is null)
                {
                    return false;
                }

                await scans.InsertAsync(connection, transaction, row, cancellationToken);
                return true;
            },
            cancellationToken);
        if (!stored)
        {
            return Outcome<ScanResponse>.Unprocessable($"Organisation {organisationId} is not known to the scan service.");
        }

        return Outcome<ScanResponse>.Ok(row.ToResponse() with { RespondentToken = token });
    }

    public async Task<Outcome<bool>> SubmitAsync(Guid scanId, SubmitResponseRequest request, CancellationToken cancellationToken)
    {
        var scan = await scans.FindAsync(scanId, cancellationToken);
        if (scan is null)
        {
            return Outcome<bool>.NotFound($"No scan with id {scanId}.");
        }

        if (!RespondentToken.Matches(request.RespondentToken!, scan.RespondentTokenHash))
        {
            return Outcome<bool>.Forbidden("The respondent token does not belong to this scan.");
        }

        if (scan.Status != ScanRow.Open || scan.Deadline <= time.GetUtcNow())
        {
            return Outcome<bool>.Conflict(scan.Status == ScanRow.Open ? "The scan's deadline has passed; it takes no more responses." : $"The scan is {scan.Status} and takes no more responses.");
        }

        var instrument = instruments.Find(scan.InstrumentKey, scan.InstrumentVersion)!;
        var problems = Scorer.Check(instrument, request.Answers!);
        if (problems.Count > 0)
        {
            return Outcome<bool>.Invalid(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
        }

        var added = await database.InTransactionAsync(
            (connection, transaction) => scans.AddResponseAsync(connection, transaction, scanId, JsonSerializer.Serialize(request.Answers), time.GetUtcNow(), cancellationToken),
            cancellationToken);
        return added ? Outcome<bool>.Ok(true) : Outcome<bool>.Conflict("The scan closed (completed, withdrawn or past its deadline) before this response arrived.");
    }

    /// <summary>A scan the caller may manage: its organisation belongs to the caller's programme, or the caller is an admin.</summary>
    public async Task<ScanRow?> FindAsync(Guid scanId, Caller caller, CancellationToken cancellationToken)
    {
        var scan = await scans.FindAsync(scanId, cancellationToken);
        if (scan is null || !caller.IsProgrammeOnly)
        {
            return scan;
        }

        var organisation = await organisations.FindAsync(scan.OrganisationId, cancellationToken);
        return organisation is not null && caller.Reaches(organisation.ProgrammeIdList()) ? scan : null;
    }

    public async Task<Outcome<ScanResponse>> CompleteAsync(Guid scanId, Caller caller, CancellationToken cancellationToken)
    {
        var scan = await FindAsync(scanId, caller, cancellationToken);
        if (scan is null)
        {
            return Outcome<ScanResponse>.NotFound($"No scan with id {scanId}.");
        }

        var instrument = instruments.Find(scan.InstrumentKey, scan.InstrumentVersion)!;
        var completedAt = time.GetUtcNow();
        var completed = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                if (!await scans.CloseAsync(connection, transaction, scanId, instrument.MinRespondents, completedAt, cancellationToken))
                {
                    return null;
                }

                var responses = (await scans.AnswersAsync(connection, transaction, scanId, cancellationToken))
                    .Select(json => (IReadOnlyDictionary<string, int>)JsonSerializer.Deserialize<Dictionary<string, int>>(json)!)
                    .ToList();
                var scores = Scorer.Score(instrument, responses);
                var scoresJson = JsonSerializer.Serialize(scores, MessageJson.Options);
                await scans.SaveScoresAsync(connection, transaction, scanId, scoresJson, cancellationToken);
                var organisation = await organisations.FindAsync(connection, transaction, scan.OrganisationId, cancellationToken)
                    ?? throw new InvalidOperationException($"Scan {scanId} refers to an organisation missing from the replica.");
                await outbox.EnqueueAsync(connection, transaction, ToEvent(scan, organisation, responses.Count, scores, completedAt), cancellationToken);

                // The answer is what this transaction wrote: nothing is read after the commit, so a
                // completion that committed always answers with its result, never with an error.
                return scan.AsCompleted(completedAt, responses.Count, scoresJson);
            },
            cancellationToken);

        if (completed is null)
        {
            var current = await scans.FindAsync(scanId, cancellationToken);
            return current?.Status switch
            {
                ScanRow.Completed => Outcome<ScanResponse>.Conflict("The scan is already completed."),
                ScanRow.Withdrawn => Outcome<ScanResponse>.Conflict("The scan was withdrawn; it cannot be completed."),
                ScanRow.Expired => Outcome<ScanResponse>.Conflict("The scan expired at its deadline without enough respondents; it cannot be completed."),
                _ => Outcome<ScanResponse>.Conflict(
                    $"The scan has {current?.ResponseCount ?? 0} response(s); {instrument.Key} needs at least {instrument.MinRespondents} before it can be completed, so that no individual's answers can be read from its scores."),
            };
        }

        outbox.WakeRelay();
        return Outcome<ScanResponse>.Ok(completed.ToResponse());
    }

    /// <summary>
    /// Every open scan whose deadline has passed: completed when it has enough respondents (as a manual
    /// completion would be, ScanCompleted and all), expired when not. Returns how many of each.
    /// </summary>
    public async Task<(int Completed, int Expired)> CloseDueAsync(CancellationToken cancellationToken)
    {
        int completed = 0, expired = 0;
        foreach (var scanId in await scans.DueAsync(time.GetUtcNow(), cancellationToken))
        {
            var outcome = await CompleteAsync(scanId, DeadlineJob, cancellationToken);
            if (outcome.IsOk)
            {
                completed++;
            }
            else if (await scans.FindAsync(scanId, cancellationToken) is { } scan &&
                     await scans.ExpireAsync(scanId, instruments.Find(scan.InstrumentKey, scan.InstrumentVersion)!.MinRespondents, cancellationToken))
            {
                // Too few respondents (or a completion raced this one; then the expiry finds it closed).
                expired++;
            }
        }

        return (completed, expired);
    }

    // The deadline job acts for whoever started the scan, as an admin would.
    private static readonly Caller DeadlineJob = new("deadline-job", new HashSet<string> { Roles.Admin }, null);

    /// <summary>
    /// Withdraws a scan: it takes no more answers and, when it was completed, no longer counts anywhere
    /// (<see cref="ScanWithdrawn"/> through the outbox). Withdrawing again answers the same and publishes nothing.
    /// </summary>
    public async Task<Outcome<ScanResponse>> WithdrawAsync(Guid scanId, Caller caller, CancellationToken cancellationToken)
    {
        var scan = await FindAsync(scanId, caller, cancellationToken);
        if (scan is null)
        {
            return Outcome<ScanResponse>.NotFound($"No scan with id {scanId}.");
        }

        var now = time.GetUtcNow();
        var withdrawn = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                // The same row read again under the update's lock: a completion at the same moment either
                // committed before (then this publishes the withdrawal of what it published) or finds it withdrawn.
                if (!await scans.WithdrawAsync(connection, transaction, scanId, cancellationToken))
                {
                    return null;
                }

                var before = await scans.FindAsync(connection, transaction, scanId, cancellationToken);
                if (before!.CompletedAt is { } completedAt)
                {
                    await outbox.EnqueueAsync(
                        connection,
                        transaction,
                        new ScanWithdrawn
                        {
                            ScanId = scanId,
                            OrganisationId = before.OrganisationId,
                            InstrumentKey = before.InstrumentKey,
                            InstrumentVersion = before.InstrumentVersion,
                            Period = before.Period,
                            CompletedAt = completedAt,
                            WithdrawnAt = now,
                        },
                        cancellationToken);
                }

                return before;
            },
            cancellationToken);

        if (withdrawn is null)
        {
            var current = await scans.FindAsync(scanId, cancellationToken);
            return current is null ? Outcome<ScanResponse>.NotFound($"No scan with id {scanId}.") : Outcome<ScanResponse>.Ok(current.ToResponse());
        }

        outbox.WakeRelay();
        return Outcome<ScanResponse>.Ok(withdrawn.ToResponse());
    }

    private static ScanCompleted ToEvent(ScanRow scan, ReplicatedOrganisation organisation, int respondents, IReadOnlyList<DimensionScore> scores, DateTimeOffset completedAt) => new()
    {
        ScanId = scan.Id,
        OrganisationId = scan.OrganisationId,
        Sector = new SectorClassification { SbiVersion = organisation.SbiVersion, SbiCode = organisation.SbiCode, Section = organisation.SbiSection },
        SizeClass = organisation.SizeClass,
        Province = organisation.Province,
        ProgrammeIds = organisation.ProgrammeIdList(),
        InstrumentKey = scan.InstrumentKey,
        InstrumentVersion = scan.InstrumentVersion,
        Period = scan.Period,
        RespondentCount = respondents,
        Scores = scores,
        CompletedAt = completedAt,
    };
}
