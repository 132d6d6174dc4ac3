namespace LvsOperator.Testing;

/// <summary>Paths in the checkout, found from the test's output folder (compiled into every test project).</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "LvsOperator.sln"))) return dir.FullName;
        throw new InvalidOperationException("LvsOperator.sln not found above " + AppContext.BaseDirectory);
    }
}
