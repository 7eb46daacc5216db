namespace Leercultuur.ServiceDefaults.Security;

/// <summary>The roles a bearer token can carry.</summary>
public static class Roles
{
    /// <summary>Everything, programme management included.</summary>
    public const string Admin = "admin";

    /// <summary>A branch programme's client: its own members, their scans and its own aggregates; carries a programme claim.</summary>
    public const string Programme = "programme";

    /// <summary>A monitor analyst: every aggregate and the code lists; writes nothing.</summary>
    public const string Analyst = "analyst";

    public static readonly IReadOnlyList<string> All = [Admin, Programme, Analyst];
}

/// <summary>
/// The capabilities operations require, as authorization policy names, and the one place where roles
/// are mapped to them. An endpoint names a capability, never a role, so the mapping can change here alone.
/// </summary>
public static class Capabilities
{
    public const string OrganisationsRead = "organisations:read";
    public const string OrganisationsWrite = "organisations:write";
    public const string ProgrammesManage = "programmes:manage";
    public const string ProgrammesReadOwn = "programmes:read-own";
    public const string ScansManage = "scans:manage";
    public const string InstrumentsManage = "instruments:manage";
    public const string IndicatorsReadNational = "indicators:read-national";
    public const string IndicatorsReadProgramme = "indicators:read-programme";
    public const string IndicatorsReadAll = "indicators:read-all";
    public const string Operate = "operations";

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Granted = new Dictionary<string, IReadOnlyList<string>>
    {
        [OrganisationsRead] = [Roles.Admin, Roles.Programme],
        [OrganisationsWrite] = [Roles.Admin, Roles.Programme],
        [ProgrammesManage] = [Roles.Admin],
        [ProgrammesReadOwn] = [Roles.Admin, Roles.Programme],
        [ScansManage] = [Roles.Admin, Roles.Programme],
        [InstrumentsManage] = [Roles.Admin],
        [IndicatorsReadNational] = [Roles.Admin, Roles.Programme, Roles.Analyst],
        [IndicatorsReadProgramme] = [Roles.Admin, Roles.Programme, Roles.Analyst],
        [IndicatorsReadAll] = [Roles.Admin, Roles.Analyst],
        [Operate] = [Roles.Admin],
    };

    /// <summary>The roles a capability is granted to, for the OpenAPI documents.</summary>
    public static IReadOnlyList<string> RolesFor(string capability) => Granted[capability];
}
