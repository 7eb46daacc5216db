using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Leercultuur.ServiceDefaults.Hosting;

/// <summary>
/// Everything one service contributes to a host. A service's own host holds one module; the standalone
/// host holds all three, which is why every registration a module makes is keyed by its own types.
/// </summary>
public interface IServiceModule
{
    ApiDescriptor Api { get; }

    void AddServices(WebApplicationBuilder builder);

    void AddConsumers(IBusRegistrationConfigurator bus);

    void MapEndpoints(IEndpointRouteBuilder endpoints);

    /// <summary>Bring the module's database to the latest schema; returns the scripts applied.</summary>
    /// <param name="force">true for the explicit <c>migrate</c> command; false at start-up, where the options decide.</param>
    IReadOnlyList<string> Migrate(IServiceProvider services, bool force);

    /// <summary>
    /// The <c>rebuild</c> command: recompute what the module derives from its facts; a summary line, or
    /// null for a module that derives nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The rebuild failed (and changed nothing): the command exits with 2.</exception>
    Task<string?> RebuildAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>
    /// The <c>replay</c> command: ask the services whose events the module derives from to publish them
    /// again (reporting: the scan service's completed scans); a summary line, or null for a module that has none.
    /// </summary>
    Task<string?> ReplayAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
