using System.Security.Claims;

namespace Leercultuur.ServiceDefaults.Security;

/// <summary>
/// Who is calling, as the services need it for scoping: an admin or analyst sees everything they may,
/// a programme client only what belongs to its programme. Anonymous callers have no roles.
/// </summary>
public sealed record Caller(string? Subject, IReadOnlySet<string> Roles, Guid? ProgrammeId)
{
    public static readonly Caller Anonymous = new(null, new HashSet<string>(), null);

    public bool IsAdmin => Roles.Contains(Security.Roles.Admin);

    public bool IsAnalyst => Roles.Contains(Security.Roles.Analyst);

    /// <summary>A programme client, and only that: its reach ends at its programme.</summary>
    public bool IsProgrammeOnly => !IsAdmin && Roles.Contains(Security.Roles.Programme);

    /// <summary>Whether the caller may see something that belongs to the given programmes.</summary>
    public bool Reaches(IEnumerable<Guid> programmes) => !IsProgrammeOnly || (ProgrammeId is { } own && programmes.Contains(own));

    public static Caller From(ClaimsPrincipal user, AuthOptions options)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        var roles = user.FindAll(options.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        Guid? programme = Guid.TryParse(user.FindFirst(options.ProgrammeClaim)?.Value, out var id) && id != Guid.Empty ? id : null;
        return new Caller(user.FindFirst("sub")?.Value, roles, programme);
    }
}
