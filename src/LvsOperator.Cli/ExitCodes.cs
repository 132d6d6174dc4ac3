namespace LvsOperator.Cli;

/// <summary>lvsctl's exit codes, as a pipeline step reads them.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The manifests cannot work as written.</summary>
    public const int Invalid = 1;
    /// <summary>The command line was wrong or a file could not be read.</summary>
    public const int Usage = 2;
}
