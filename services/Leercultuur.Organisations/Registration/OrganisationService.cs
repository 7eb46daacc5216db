using Leercultuur.Data;
using Leercultuur.Messaging.Outbox;
using Leercultuur.Organisations.Classification;
using Leercultuur.Organisations.Programmes;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.Security;

using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Organisations.Registration;

/// <summary>
/// Registers, changes and erases organisations, each change with its event in the outbox in the same
/// transaction. A programme client reaches only its own members: anything else is "not found", so ids
/// cannot be probed.
/// </summary>
public sealed class OrganisationService(
    Database<OrganisationsModule> database,
    OrganisationRepository organisations,
    ProgrammeRepository programmes,
    Outbox<OrganisationsModule> outbox,
    SbiSectionTable sbi,
    Leercultuur.ServiceDefaults.Idempotency.IdempotencyStore<OrganisationsModule> idempotency,
    TimeProvider time)
{
    public const string BasePath = "/organisations/v1/organisations";

    public async Task<Outcome<OrganisationRow>> RegisterAsync(RegisterOrganisationRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var lookup = sbi.Lookup(request.SbiVersion!.Value, request.SbiCode!);
        if (!lookup.Found)
        {
            return Outcome<OrganisationRow>.Invalid("sbiCode", lookup.Error);
        }

        // A programme client registers for its own programme: the organisation joins it.
        IReadOnlyList<Guid> joins = caller.IsProgrammeOnly ? [caller.ProgrammeId!.Value] : [];
        if (joins.Count > 0 && await programmes.FindAsync(joins[0], cancellationToken) is null)
        {
            return Outcome<OrganisationRow>.Forbidden("The programme this token speaks for is not registered.");
        }

        Province.TryNormalise(request.Province, out var province);
        var now = time.GetUtcNow();
        var row = new OrganisationRow
        {
            Id = Guid.CreateVersion7(now),
            Name = TextRules.Tidy(request.Name!),
            KvkNumber = request.KvkNumber!,
            SbiVersion = lookup.Section!.SbiVersion,
            SbiCode = lookup.Code,
            SbiSection = lookup.Section.Section,
            SbiSectionName = lookup.Section.Name,
            Employees = request.Employees!.Value,
            SizeClass = SizeClass.FromHeadcount(request.Employees.Value),
            Province = province,
            RegisteredAt = now,
            Version = 1,
            ProgrammeIds = joins,
        };

        try
        {
            await database.InTransactionAsync(
                async (connection, transaction) =>
                {
                    await organisations.InsertAsync(connection, transaction, row, cancellationToken);
                    foreach (var programme in joins)
                    {
                        await organisations.AddMemberAsync(connection, transaction, programme, row.Id, now, cancellationToken);
                    }

                    await outbox.EnqueueAsync(connection, transaction, OrganisationEvents.Registered(row), cancellationToken);
                    return row.Id;
                },
                cancellationToken);
        }
        catch (Exception exception) when (database.Dialect.IsUniqueViolation(exception))
        {
            // Where the existing one is, only for a caller who may see it; others learn only that the number is taken.
            var existing = await organisations.FindByKvkNumberAsync(row.KvkNumber, cancellationToken);
            return Outcome<OrganisationRow>.Conflict(
                $"An organisation with KvK number {row.KvkNumber} is already registered.",
                existing is not null && caller.Reaches(existing.ProgrammeIds) ? $"{BasePath}/{existing.Id}" : null);
        }

        outbox.WakeRelay();
        return Outcome<OrganisationRow>.Ok(row);
    }

    public Task<OrganisationRow?> FindAsync(Guid id, Caller caller, CancellationToken cancellationToken) =>
        organisations.FindAsync(id, caller.IsProgrammeOnly ? caller.ProgrammeId : null, cancellationToken);

    public Task<(IReadOnlyList<OrganisationRow> Rows, long Total)> ListAsync(OrganisationFilter filter, PageCursor? after, int limit, Caller caller, CancellationToken cancellationToken) =>
        organisations.ListAsync(filter, caller.IsProgrammeOnly ? caller.ProgrammeId : null, after, limit, cancellationToken);

    /// <summary>Applies a merge patch to the version the client read (If-Match) and publishes the new profile.</summary>
    public async Task<Outcome<OrganisationRow>> UpdateAsync(Guid id, OrganisationPatch patch, long? expectedVersion, Caller caller, CancellationToken cancellationToken)
    {
        var current = await FindAsync(id, caller, cancellationToken);
        if (current is null)
        {
            return Outcome<OrganisationRow>.NotFound($"No organisation with id {id}.");
        }

        if (expectedVersion is null)
        {
            return new Outcome<OrganisationRow>(OutcomeKind.PreconditionRequired, null, $"A change needs If-Match with the ETag of the version it changes (now {EntityTags.For(current.Version)}).");
        }

        if (!EntityTags.Matches(expectedVersion.Value, current.Version))
        {
            return Outcome<OrganisationRow>.PreconditionFailed($"The organisation changed since that version; it is now {EntityTags.For(current.Version)}. Read it again and apply the change to that.");
        }

        var applied = patch.ApplyTo(current, sbi);
        if (!applied.IsOk)
        {
            return applied;
        }

        var changed = applied.Value! with { Version = current.Version + 1 };
        var now = time.GetUtcNow();
        var updated = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                if (!await organisations.UpdateProfileAsync(connection, transaction, changed, current.Version, cancellationToken))
                {
                    return false;
                }

                var programmeIds = await organisations.ProgrammeIdsAsync(connection, transaction, id, cancellationToken);
                await outbox.EnqueueAsync(connection, transaction, OrganisationEvents.ProfileChanged(changed with { ProgrammeIds = programmeIds }, now), cancellationToken);
                return true;
            },
            cancellationToken);
        if (!updated)
        {
            return Outcome<OrganisationRow>.PreconditionFailed("The organisation changed at the same moment; read it again and apply the change to the new version.");
        }

        outbox.WakeRelay();
        return Outcome<OrganisationRow>.Ok(changed);
    }

    /// <summary>
    /// Erases the organisation and publishes <see cref="Contracts.OrganisationErased"/>; erasing it again
    /// succeeds and changes nothing. Only its id stays behind (with its programmes, to answer a repeat).
    /// </summary>
    public async Task<Outcome<bool>> EraseAsync(Guid id, Caller caller, CancellationToken cancellationToken)
    {
        var current = await FindAsync(id, caller, cancellationToken);
        if (current is null)
        {
            var erasedFrom = await organisations.TombstoneAsync(id, cancellationToken);
            return erasedFrom is not null && caller.Reaches(erasedFrom)
                ? Outcome<bool>.Ok(false)
                : Outcome<bool>.NotFound($"No organisation with id {id}.");
        }

        if (caller.IsProgrammeOnly && current.ProgrammeIds.Count > 1)
        {
            // Another programme serves it too; one programme may not take it from the other.
            return Outcome<bool>.Forbidden("This organisation belongs to more than one programme; an admin erases it.");
        }

        var now = time.GetUtcNow();
        var erased = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                // The row lock first, so a membership change at the same moment waits and then finds nothing.
                if (!await organisations.BumpVersionAsync(connection, transaction, id, cancellationToken))
                {
                    return false;
                }

                var programmeIds = await organisations.ProgrammeIdsAsync(connection, transaction, id, cancellationToken);
                await organisations.DeleteAsync(connection, transaction, id, cancellationToken);
                await organisations.AddTombstoneAsync(connection, transaction, id, programmeIds, now, cancellationToken);
                await idempotency.ForgetAnswersAboutAsync(connection, transaction, [id], cancellationToken);
                await outbox.EnqueueAsync(connection, transaction, new Contracts.OrganisationErased { OrganisationId = id, ErasedAt = now }, cancellationToken);
                return true;
            },
            cancellationToken);

        if (erased)
        {
            outbox.WakeRelay();
        }

        return Outcome<bool>.Ok(erased);
    }

    /// <summary>Adds the organisation to a programme or takes it out, and publishes the new list.</summary>
    public async Task<Outcome<OrganisationRow>> ChangeMembershipAsync(Guid programme, Guid organisation, bool member, CancellationToken cancellationToken)
    {
        if (await programmes.FindAsync(programme, cancellationToken) is null)
        {
            return Outcome<OrganisationRow>.NotFound($"No programme with id {programme}.");
        }

        var now = time.GetUtcNow();
        var changed = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                // The organisation's row lock first: concurrent changes then publish consecutive versions,
                // each with the list as it stands after it.
                if (!await organisations.LockAsync(connection, transaction, organisation, cancellationToken))
                {
                    return null;
                }

                var affected = member
                    ? await organisations.AddMemberAsync(connection, transaction, programme, organisation, now, cancellationToken)
                    : await organisations.RemoveMemberAsync(connection, transaction, programme, organisation, cancellationToken);
                if (affected == 0)
                {
                    // Already so: a repeat changes nothing, not even the version an If-Match holds.
                    return await organisations.FindAsync(connection, transaction, organisation, null, cancellationToken);
                }

                await organisations.BumpVersionAsync(connection, transaction, organisation, cancellationToken);
                var row = await organisations.FindAsync(connection, transaction, organisation, null, cancellationToken);
                await outbox.EnqueueAsync(connection, transaction, OrganisationEvents.MembershipChanged(row!, now), cancellationToken);
                return row;
            },
            cancellationToken);
        if (changed is null)
        {
            return Outcome<OrganisationRow>.NotFound($"No organisation with id {organisation}.");
        }

        outbox.WakeRelay();
        return Outcome<OrganisationRow>.Ok(changed);
    }
}
