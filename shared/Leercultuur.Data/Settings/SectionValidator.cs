using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Leercultuur.Data.Settings;

/// <summary>
/// Validates settings with their data annotations and <see cref="IValidatableObject"/> rules, nested
/// settings objects included, and names every failure by its full configuration key.
/// </summary>
public sealed class SectionValidator<T>(string section, string optionsName) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        if ((name ?? Options.DefaultName) != optionsName)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        Collect(options, section, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Collect(object instance, string path, List<string> failures)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.ToList();
            var keys = members.Count == 0 ? path : string.Join(", ", members.Select(m => $"{path}:{m}"));
            failures.Add($"The setting {keys} {result.ErrorMessage}");
        }

        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var value = property.GetValue(instance);
            if (IsSettingsObject(property.PropertyType) && value is not null)
            {
                Collect(value, $"{path}:{property.Name}", failures);
            }
            else if (value is IDictionary entries)
            {
                // Settings keyed by a name (for example one per queue): each entry on its own key.
                foreach (DictionaryEntry entry in entries)
                {
                    if (entry.Value is { } item && IsSettingsObject(item.GetType()))
                    {
                        Collect(item, $"{path}:{property.Name}:{entry.Key}", failures);
                    }
                }
            }
        }
    }

    // Nested settings are our own classes; strings, collections and framework types are leaves.
    private static bool IsSettingsObject(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type) &&
        type.Namespace?.StartsWith("Leercultuur", StringComparison.Ordinal) == true;
}
