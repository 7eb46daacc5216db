namespace Leercultuur.ServiceDefaults.Hosting;

/// <summary>
/// Something the operator or the maintainer must fix before the service can run (a bad data file shipped
/// with it, for example): the host prints the reasons, one per line, and exits with code 1 without a
/// stack trace, as it does for bad settings.
/// </summary>
public class StartupRefusedException(IReadOnlyList<string> reasons) : Exception(string.Join(Environment.NewLine, reasons))
{
    public IReadOnlyList<string> Reasons { get; } = reasons;
}
