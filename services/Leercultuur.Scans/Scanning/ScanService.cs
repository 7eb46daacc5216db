using System.Data.Common;
using System.Text.Json;
using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging;
using Leercultuur.Messaging.Outbox;
using Leercultuur.Scans.Instruments;
using Leercultuur.Scans.Organisations;
using Leercultuur.Scans.Respondents;
using Leercultuur.Scans.Scoring;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Scans.Scanning;

/// <summary>Starts scans, takes anonymous responses and completes scans with scoring and <see cref="ScanCompleted"/>.</summary>
public sealed class ScanService(
    Database<ScansModule> database,
    ScanRepository scans,
    OrganisationReplica organisations,
    InstrumentCatalog instruments,
    InstrumentStore store,
    Outbox<ScansModule> outbox,
    RespondentRepository respondents,
    TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

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

        if (request.Team is not null && instrument.Level != "team")
        {
            return Outcome<ScanResponse>.Unprocessable($"{instrument.Key} describes a whole organisation; a team label is for team-level instruments.");
        }

        var row = new ScanRow
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            OrganisationId = organisationId,
            InstrumentKey = instrument.Key,
            InstrumentVersion = instrument.Version,
            Period = Period.Parse(request.Period!).ToString(),
            // Scans before single-use tokens had one shared token; the column now holds an unusable value.
            RespondentTokenHash = RespondentToken.Hash(RespondentToken.New()),
            Status = ScanRow.Open,
            CreatedAt = now,
            Deadline = request.Deadline?.ToUniversalTime(),
            // Trimmed, so "Team A " and "Team A" are one team on every engine.
            Team = request.Team is null ? null : TextRules.Tidy(request.Team),
        };
        var (stored, open) = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                // Erased since the check above? Then there is nothing to start a scan for. The replica
                // row's lock also serialises two starts for the same team.
                if (await organisations.LockAndFindAsync(connection, transaction, organisationId, cancellationToken) is null)
                {
                    return (false, (Guid?)null);
                }

                if (await scans.OpenOfTeamAsync(connection, transaction, organisationId, row.InstrumentKey, row.Period, row.Team, cancellationToken) is { } existing)
                {
                    return (false, existing);
                }

                await scans.InsertAsync(connection, transaction, row, cancellationToken);
                return (true, null);
            },
            cancellationToken);
        if (open is { } openScan)
        {
            return Outcome<ScanResponse>.Conflict(
                $"This organisation already has an open {row.InstrumentKey} scan for {row.Period}{(row.Team is null ? " without a team label" : " for this team")}: one scan per team and period.",
                $"/scans/v1/scans/{openScan}");
        }

        if (!stored)
        {
            return Outcome<ScanResponse>.Unprocessable($"Organisation {organisationId} is not known to the scan service.");
        }

        return Outcome<ScanResponse>.Ok(row.ToResponse());
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

        var instrument = await store.GetAsync(scan.InstrumentKey, scan.InstrumentVersion, cancellationToken);
        var completedAt = time.GetUtcNow();
        var resultToken = RespondentToken.New();
        var (completed, missing) = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                // The scan row's lock first: no submission slips in between the count and the close.
                if (!await scans.LockOpenAnyTimeAsync(connection, transaction, scanId, cancellationToken))
                {
                    return ((ScanRow?)null, (string?)null);
                }

                var answered = await AnsweredAsync(connection, transaction, scan, instrument, cancellationToken);
                if (Shortfall(instrument, answered) is { } shortfall)
                {
                    return (null, shortfall);
                }

                await scans.CloseAsync(connection, transaction, scanId, completedAt, RespondentToken.Hash(resultToken), cancellationToken);
                var scores = Scorer.Score(instrument, answered);
                var scoresJson = StoredScores.Write(scores);
                var organisation = await organisations.FindAsync(connection, transaction, scan.OrganisationId, cancellationToken)
                    ?? throw new InvalidOperationException($"Scan {scanId} refers to an organisation missing from the replica.");
                var events = ScanEvents.Completed(scan, instrument, organisation, scores, completedAt);

                // Kept as published: a replay sends exactly this again (classification and programmes at completion).
                await scans.SaveScoresAsync(connection, transaction, scanId, scoresJson, JsonSerializer.Serialize(events.V2, MessageJson.Options), cancellationToken);
                await outbox.EnqueueAsync(connection, transaction, events.V2, cancellationToken);
                if (events.V1 is { } v1)
                {
                    await outbox.EnqueueAsync(connection, transaction, v1, cancellationToken);
                }

                // The answer is what this transaction wrote: nothing is read after the commit, so a
                // completion that committed always answers with its result, never with an error.
                return (scan.AsCompleted(completedAt, answered.Count, scoresJson, RespondentToken.Hash(resultToken)), null);
            },
            cancellationToken);

        if (missing is not null)
        {
            return Outcome<ScanResponse>.Unprocessable(missing);
        }

        if (completed is null)
        {
            var current = await scans.FindAsync(scanId, cancellationToken);
            return current?.Status switch
            {
                ScanRow.Completed => Outcome<ScanResponse>.Conflict("The scan is already completed."),
                ScanRow.Withdrawn => Outcome<ScanResponse>.Conflict("The scan was withdrawn; it cannot be completed."),
                _ => Outcome<ScanResponse>.Conflict("The scan expired at its deadline without enough respondents; it cannot be completed."),
            };
        }

        outbox.WakeRelay();
        return Outcome<ScanResponse>.Ok(completed.ToResponse() with { ResultToken = resultToken });
    }

    /// <summary>Every submitted respondent of a scan with their role (answers from before single-use tokens as the only role's).</summary>
    private async Task<IReadOnlyList<Respondent>> AnsweredAsync(DbConnection connection, DbTransaction transaction, ScanRow scan, Instrument instrument, CancellationToken cancellationToken)
    {
        var answered = (await respondents.SubmittedAsync(connection, transaction, scan.Id, cancellationToken))
            .Select(r => new Respondent(r.Role, JsonSerializer.Deserialize<RespondentAnswers>(r.Answers, Json)!))
            .ToList();
        answered.AddRange((await respondents.LegacyAnswersAsync(connection, transaction, scan.Id, cancellationToken))
            .Select(json => new Respondent(instrument.Roles[0].Key, new RespondentAnswers { Answers = JsonSerializer.Deserialize<Dictionary<string, int>>(json)! })));
        return answered;
    }

    /// <summary>Which roles lack how many respondents, in words; null when every role has its minimum.</summary>
    public static string? Shortfall(Instrument instrument, IReadOnlyList<Respondent> answered)
    {
        var lacking = instrument.Roles
            .Select(r => (r.Key, r.MinRespondents, Have: answered.Count(a => a.Role == r.Key)))
            .Where(r => r.Have < r.MinRespondents)
            .Select(r => $"{r.Key}: {r.Have} of at least {r.MinRespondents}, {r.MinRespondents - r.Have} missing")
            .ToList();
        return lacking.Count == 0
            ? null
            : $"Too few respondents to complete the scan ({string.Join("; ", lacking)}). Every role needs its minimum, so that no individual's answers can be read from the scores.";
    }

    /// <summary>
    /// Every open scan whose deadline has passed: completed when every role has its minimum (as a manual
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
            else if (outcome.Kind == OutcomeKind.Unprocessable && await ExpireAsync(scanId, cancellationToken))
            {
                expired++;
            }
        }

        return (completed, expired);
    }

    // Under the scan row's lock, and only while a role is still short: a respondent who submitted after
    // the failed completion attempt is not thrown away (the next run completes the scan instead).
    private Task<bool> ExpireAsync(Guid scanId, CancellationToken cancellationToken) =>
        database.InTransactionAsync(
            async (connection, transaction) =>
            {
                if (!await scans.LockOpenAnyTimeAsync(connection, transaction, scanId, cancellationToken) ||
                    await scans.FindAsync(connection, transaction, scanId, cancellationToken) is not { } scan)
                {
                    return false;
                }

                var instrument = await store.GetAsync(scan.InstrumentKey, scan.InstrumentVersion, cancellationToken);
                return Shortfall(instrument, await AnsweredAsync(connection, transaction, scan, instrument, cancellationToken)) is not null &&
                       await scans.ExpireAsync(connection, transaction, scanId, cancellationToken);
            },
            cancellationToken);

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
                            Team = before.Team,
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
}
