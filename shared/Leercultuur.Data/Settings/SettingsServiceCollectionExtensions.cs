using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leercultuur.Data.Settings;

public static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from the configuration section <paramref name="section"/> through the
    /// options pipeline, validates it with its data annotations (nested settings included) and checks it
    /// when the host starts, so a bad setting stops start-up with a message that names the setting
    /// (for example <c>Reporting:Disclosure:MinimumOrganisations</c>) instead of silently changing behaviour.
    /// </summary>
    /// <param name="name">The options name, for settings that exist once per service (a database per module).</param>
    public static OptionsBuilder<T> AddValidatedSettings<T>(this IServiceCollection services, IConfiguration configuration, string section, string? name = null)
        where T : class
    {
        var optionsName = name ?? Options.DefaultName;
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section, optionsName));
        return services.AddOptions<T>(optionsName)
            .Bind(configuration.GetSection(section), binder => binder.ErrorOnUnknownConfiguration = false)
            .ValidateOnStart();
    }
}
