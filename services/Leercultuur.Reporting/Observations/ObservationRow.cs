namespace Leercultuur.Reporting.Observations;

/// <summary>One stored observation: a cell of a released table, shown or suppressed. Never carries a figure when suppressed.</summary>
public sealed class ObservationRow
{
    public const string National = ObservationCodes.Total;
    public const string Published = "published";
    public const string Suppressed = "suppressed";
    public const string Provisional = "provisional";

    public string InstrumentKey { get; init; } = "";

    public int InstrumentVersion { get; init; }

    public string Period { get; init; } = "";

    public string Dimension { get; init; } = "";

    /// <summary>A respondent role's key, or <c>_T</c> for all respondents.</summary>
    public string Role { get; init; } = ObservationCodes.Total;

    /// <summary>A programme's id, or <c>_T</c> for the national family.</summary>
    public string Programme { get; init; } = National;

    /// <summary>2025 or 2008; 0 for the sector total, which both views share.</summary>
    public int SectorView { get; init; }

    public string Sector { get; init; } = ObservationCodes.Total;

    public string SizeClass { get; init; } = ObservationCodes.Total;

    public string Province { get; init; } = ObservationCodes.Total;

    public string Status { get; init; } = Suppressed;

    public string? Reason { get; init; }

    public long? Organisations { get; init; }

    public long? Respondents { get; init; }

    public double? Mean { get; init; }

    public double? StandardDeviation { get; init; }

    public double? CiLower { get; init; }

    public double? CiUpper { get; init; }

    public double? Median { get; init; }

    public double? P25 { get; init; }

    public double? P75 { get; init; }

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>The same cell hidden: its status and reason, no figure of any kind.</summary>
    public ObservationRow Hidden(string reason) => new()
    {
        InstrumentKey = InstrumentKey,
        InstrumentVersion = InstrumentVersion,
        Period = Period,
        Dimension = Dimension,
        Role = Role,
        Programme = Programme,
        SectorView = SectorView,
        Sector = Sector,
        SizeClass = SizeClass,
        Province = Province,
        Status = Suppressed,
        Reason = reason,
        ChangedAt = ChangedAt,
    };

    /// <summary>The same row as of its release's moment (what a sync reports as its change).</summary>
    public ObservationRow At(DateTimeOffset moment)
    {
        var copy = (ObservationRow)MemberwiseClone();
        copy.ChangedAt = moment;
        return copy;
    }

    public (string, string, string, int, string, string, string) Key => (Dimension, Role, Programme, SectorView, Sector, SizeClass, Province);

    /// <summary>The row's place in its family's release, where series of several versions sit side by side.</summary>
    public (int, (string, string, string, int, string, string, string)) VersionedKey => (InstrumentVersion, Key);

    /// <summary>Whether two rows say the same (the moment aside).</summary>
    public bool SameAs(ObservationRow other) =>
        Status == other.Status && Reason == other.Reason && Organisations == other.Organisations && Respondents == other.Respondents
        && Mean == other.Mean && StandardDeviation == other.StandardDeviation && CiLower == other.CiLower && CiUpper == other.CiUpper
        && Median == other.Median && P25 == other.P25 && P75 == other.P75;

    /// <summary>This row's values as the <paramref name="index"/>-th row of a multi-row insert (<see cref="ReleaseStatements.InsertRows"/>).</summary>
    public void AddTo(Dapper.DynamicParameters parameters, int index)
    {
        parameters.Add($"instrument_key{index}", InstrumentKey);
        parameters.Add($"instrument_version{index}", InstrumentVersion);
        parameters.Add($"period{index}", Period);
        parameters.Add($"dimension{index}", Dimension);
        parameters.Add($"role{index}", Role);
        parameters.Add($"programme{index}", Programme);
        parameters.Add($"sector_view{index}", SectorView);
        parameters.Add($"sector{index}", Sector);
        parameters.Add($"size_class{index}", SizeClass);
        parameters.Add($"province{index}", Province);
        parameters.Add($"status{index}", Status);
        parameters.Add($"reason{index}", Reason);
        parameters.Add($"organisations{index}", Organisations);
        parameters.Add($"respondents{index}", Respondents);
        parameters.Add($"mean{index}", Mean);
        parameters.Add($"standard_deviation{index}", StandardDeviation);
        parameters.Add($"ci_lower{index}", CiLower);
        parameters.Add($"ci_upper{index}", CiUpper);
        parameters.Add($"median{index}", Median);
        parameters.Add($"p25{index}", P25);
        parameters.Add($"p75{index}", P75);
        parameters.Add($"changed_at{index}", ChangedAt);
    }
}
