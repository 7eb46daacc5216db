using Leercultuur.Contracts;
using MassTransit;

namespace Leercultuur.Messaging;

/// <summary>
/// The integration events that may travel through an outbox, by the name stored with each row.
/// A closed list, so a row can never make the relay load an arbitrary type.
/// </summary>
/// <remarks>
/// A row stores the message's URN as MassTransit puts it on the wire (<c>urn:message:Leercultuur.Contracts:ScanCompleted</c>),
/// the name the message type is known by between services, rather than a CLR detail of this build.
/// Rows written before this naming (the CLR full name) still resolve, so unsent rows survive the deploy
/// that changed it.
/// </remarks>
public static class ContractTypes
{
    private static readonly Type[] Types = typeof(ScanCompleted).Assembly
        .GetExportedTypes()
        .Where(t => t.Namespace == typeof(ScanCompleted).Namespace && t.IsClass && !t.IsAbstract)
        .ToArray();

    private static readonly Dictionary<Type, string> NameByType = Types.ToDictionary(t => t, MessageUrn.ForTypeString);

    private static readonly Dictionary<string, Type> ByName = Types
        .Select(t => (Name: NameByType[t], Type: t))
        .Concat(Types.Select(t => (Name: t.FullName!, Type: t)))
        .ToDictionary(x => x.Name, x => x.Type, StringComparer.Ordinal);

    public static string NameOf(Type type) =>
        NameByType.TryGetValue(type, out var name) ? name : throw new ArgumentException($"{type} is not an integration event in Leercultuur.Contracts.", nameof(type));

    public static bool TryResolve(string name, out Type type) => ByName.TryGetValue(name, out type!);
}
