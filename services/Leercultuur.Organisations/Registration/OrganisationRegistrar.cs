using Leercultuur.Contracts;
using Leercultuur.Data;
using Leercultuur.Messaging.Outbox;
using Leercultuur.Organisations.Classification;
using Leercultuur.ServiceDefaults.Http;

namespace Leercultuur.Organisations.Registration;

/// <summary>Registers an organisation and writes <see cref="OrganisationRegistered"/> to the outbox in the same transaction.</summary>
public sealed class OrganisationRegistrar(
    Database<OrganisationsModule> database,
    OrganisationRepository repository,
    Outbox<OrganisationsModule> outbox,
    SbiSectionTable sbi,
    TimeProvider time)
{
    public async Task<Outcome<OrganisationRow>> RegisterAsync(RegisterOrganisationRequest request, CancellationToken cancellationToken)
    {
        var lookup = sbi.Lookup(request.SbiVersion!.Value, request.SbiCode!);
        if (!lookup.Found)
        {
            return Outcome<OrganisationRow>.Invalid("sbiCode", lookup.Error);
        }

        Province.TryNormalise(request.Province, out var province);
        var row = new OrganisationRow
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Name = request.Name!.Trim(),
            KvkNumber = request.KvkNumber!,
            SbiVersion = lookup.Section!.SbiVersion,
            SbiCode = lookup.Code,
            SbiSection = lookup.Section.Section,
            SbiSectionName = lookup.Section.Name,
            Employees = request.Employees!.Value,
            SizeClass = SizeClass.FromHeadcount(request.Employees.Value),
            Province = province,
            RegisteredAt = time.GetUtcNow(),
        };

        try
        {
            await database.InTransactionAsync(
                async (connection, transaction) =>
                {
                    await repository.InsertAsync(connection, transaction, row, cancellationToken);
                    await outbox.EnqueueAsync(connection, transaction, ToEvent(row), cancellationToken);
                    return row.Id;
                },
                cancellationToken);
        }
        catch (Exception exception) when (database.Dialect.IsUniqueViolation(exception))
        {
            return Outcome<OrganisationRow>.Conflict($"An organisation with KvK number {row.KvkNumber} is already registered.");
        }

        outbox.WakeRelay();
        return Outcome<OrganisationRow>.Ok(row);
    }

    private static OrganisationRegistered ToEvent(OrganisationRow row) => new()
    {
        OrganisationId = row.Id,
        Sector = new SectorClassification { SbiVersion = row.SbiVersion, SbiCode = row.SbiCode, Section = row.SbiSection },
        SizeClass = row.SizeClass,
        Province = row.Province,
        RegisteredAt = row.RegisteredAt,
        Version = row.Version,
    };
}
