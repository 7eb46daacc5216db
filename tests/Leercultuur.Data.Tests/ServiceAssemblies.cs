using System.Reflection;
using Leercultuur.Messaging;

namespace Leercultuur.Data.Tests;

/// <summary>The assemblies that hold SQL: each service and the messaging library (outbox and inbox).</summary>
internal static class ServiceAssemblies
{
    public static readonly Assembly Messaging = typeof(MessagingOptions).Assembly;

    /// <summary>The idempotency keys every service database holds.</summary>
    public static readonly Assembly ServiceDefaults = typeof(Leercultuur.ServiceDefaults.Hosting.LeercultuurHost).Assembly;

    public static readonly IReadOnlyDictionary<string, Assembly> ByName = new Dictionary<string, Assembly>
    {
        ["organisations"] = typeof(Organisations.OrganisationsModule).Assembly,
        ["scans"] = typeof(Scans.ScansModule).Assembly,
        ["reporting"] = typeof(Reporting.ReportingModule).Assembly,
    };

    public static IEnumerable<Assembly> All => ByName.Values.Append(Messaging).Append(ServiceDefaults);

    public static int ScriptCount(DatabaseProvider provider, IEnumerable<Assembly> assemblies) =>
        assemblies.Sum(a => DatabaseMigrator.EmbeddedScripts(a, provider).Count());
}
