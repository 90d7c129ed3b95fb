using System.Globalization;
using System.Text;
using Briefly.Core.Search;

namespace Briefly.Benchmarks;

/// <summary>
/// Deterministic stories of the beat for benchmarks: the same seed gives the same stories, so the index and the
/// SQLite baseline hold identical text and runs compare. Real companies with their products, a few hundred invented
/// ones so the vocabulary is as large as a real archive's, the beat's themes, outlets and numbers, spread over three
/// years of daily briefs of about six stories each (larger archives simply have more briefs per day).
/// </summary>
public sealed class StoryGenerator
{
    /// <summary>The last day of the generated archive; questions are asked as of this day.</summary>
    public static readonly DateOnly Today = new(2026, 11, 27);

    private const int Days = 3 * 365;
    private const int StoriesPerBrief = 6;

    private sealed record Company(string Name, string[] Products, string Kind);

    private sealed record Theme(string Name, string[] Phrases, string[] Kinds);

    private static readonly Company[] RealCompanies =
    [
        new("Huawei", ["Ascend 910C", "Ascend 950", "CloudMatrix 384", "Atlas 950 SuperPoD", "Kirin 9030", "Mate 80 phone"], "chips"),
        new("SMIC", ["N+2 process", "N+3 node", "7nm line", "Shenzhen fab", "Beijing fab"], "foundry"),
        new("DeepSeek", ["DeepSeek-V3.2", "DeepSeek-R2", "DeepSeek-OCR", "DeepSeek chatbot"], "model"),
        new("Alibaba", ["Qwen3", "Qwen3-Max", "Qwen-Image", "Tongyi app", "T-Head PPU", "Alibaba Cloud"], "model"),
        new("Moonshot AI", ["Kimi K2", "Kimi K2 Thinking", "Kimi chatbot app"], "model"),
        new("Baidu", ["ERNIE 5.0", "ERNIE X1", "Kunlun P800", "Apollo Go robotaxis"], "model"),
        new("ByteDance", ["Doubao 1.6", "Doubao assistant", "Seedance video model", "Seed-OSS"], "model"),
        new("Zhipu", ["GLM-4.6", "AutoGLM agent", "ChatGLM app", "GLM-4.5V"], "model"),
        new("MiniMax", ["MiniMax-M2", "Hailuo 02 video model", "Talkie app"], "model"),
        new("Cambricon", ["Siyuan 690", "MLU590 accelerator", "Siyuan 590"], "chips"),
        new("CXMT", ["HBM3 samples", "LPDDR5X DRAM", "DDR5 modules"], "memory"),
        new("YMTC", ["294-layer NAND", "Xtacking 4.0 NAND", "enterprise SSDs"], "memory"),
        new("SMEE", ["28nm DUV scanner", "SSA800 lithography tool"], "tools"),
        new("Nvidia", ["H20 GPU", "B30A chip", "RTX Pro 6000D", "Blackwell Ultra systems"], "chips"),
        new("AMD", ["MI308 accelerator", "MI350 GPU"], "chips"),
        new("ASML", ["NXT:1980i DUV scanner", "EUV tools", "immersion lithography systems"], "tools"),
        new("TSMC", ["2nm node", "CoWoS packaging", "Nanjing fab", "3nm capacity"], "foundry"),
        new("Unitree", ["G1 humanoid", "H2 humanoid robot", "Go2 robot dog", "R1 humanoid"], "robots"),
        new("UBTech", ["Walker S2 humanoid", "Walker S1 robot"], "robots"),
        new("AgiBot", ["Lingxi X2 humanoid", "A2 robot", "GO-1 embodied model"], "robots"),
        new("Hygon", ["DCU K100", "C86 server CPUs"], "chips"),
        new("Moore Threads", ["MTT S4000 GPU", "KUAE computing cluster"], "chips"),
        new("Biren", ["BR100 GPU", "BR166 accelerator"], "chips"),
        new("Tencent", ["Hunyuan model", "Yuanbao assistant", "Hunyuan3D"], "model"),
        new("iFlytek", ["Spark X1 model", "Spark translator"], "model"),
        new("SenseTime", ["SenseNova V6", "SenseCore cluster"], "model"),
        new("Xiaomi", ["MiMo model", "XRING O1 chip", "SU7 car", "Xiaomi 17 phone"], "phones"),
    ];

    private static readonly string[] Kinds = ["chips", "foundry", "model", "memory", "tools", "robots", "phones"];

    private static readonly string[] Syllables =
    [
        "bai", "chen", "da", "feng", "guang", "hai", "hong", "hua", "jia", "jin", "kai", "lan", "li", "ling", "long", "mei", "ming",
        "ning", "qi", "rui", "shan", "sheng", "tai", "tian", "wei", "xin", "xing", "yao", "yi", "yun", "zhen", "zhi", "zhong", "kun",
    ];

    private static readonly Dictionary<string, string[]> Suffixes = new()
    {
        ["chips"] = ["Semiconductor", "Micro", "Silicon", "Computing", "Chip"],
        ["foundry"] = ["Foundry", "Integrated Circuit", "Fab"],
        ["model"] = ["AI", "Intelligence", "Tech", "Labs"],
        ["memory"] = ["Memory", "Storage"],
        ["tools"] = ["Equipment", "Photonics", "Precision"],
        ["robots"] = ["Robotics", "Dynamics", "Automation"],
        ["phones"] = ["Mobile", "Devices"],
    };

    private static readonly Dictionary<string, string[]> ProductStems = new()
    {
        ["chips"] = ["accelerator", "GPU", "inference chip", "AI chip", "training card"],
        ["foundry"] = ["14nm line", "7nm process", "new fab", "packaging plant"],
        ["model"] = ["model", "reasoning model", "chatbot", "coding agent", "video model"],
        ["memory"] = ["DRAM", "NAND", "HBM stacks", "SSD controller"],
        ["tools"] = ["etching tool", "DUV scanner", "deposition system", "inspection tool"],
        ["robots"] = ["humanoid", "robot arm", "quadruped", "service robot"],
        ["phones"] = ["phone", "tablet", "smartwatch", "foldable"],
    };

    private static readonly Theme[] Themes =
    [
        new("export controls", ["tighter US export controls", "new export curbs on AI chips", "a BIS export licence requirement", "export restrictions on chipmaking tools", "the foreign direct product rule"], ["chips", "foundry", "tools", "memory"]),
        new("entity list", ["an addition to the US entity list", "entity list restrictions", "being placed on the entity list"], ["chips", "foundry", "tools", "memory", "model"]),
        new("HBM", ["HBM supply", "high-bandwidth memory shortages", "HBM3E qualification", "an HBM stockpile"], ["chips", "memory"]),
        new("lithography", ["domestic lithography", "DUV scanner deliveries", "EUV lithography research", "immersion lithography tools"], ["tools", "foundry"]),
        new("data centres", ["new data centres in Guizhou", "a computing cluster in Inner Mongolia", "data center capacity", "a national computing hub"], ["model", "chips"]),
        new("power", ["electricity costs", "green power contracts", "grid connections", "energy quotas for data centres"], ["model", "chips", "foundry"]),
        new("funding", ["a new funding round", "a STAR Market IPO", "a Hong Kong IPO filing", "a higher valuation", "a share placement"], ["model", "chips", "robots", "memory", "tools"]),
        new("labelling rules", ["AI content labelling rules", "watermark requirements", "labelling of synthetic media"], ["model"]),
        new("robotics", ["humanoid robot orders", "embodied AI trials", "robotics subsidies", "factory robot pilots"], ["robots"]),
        new("open-source licences", ["an MIT licence release", "open-weight models", "Apache licence terms", "open source model downloads"], ["model"]),
        new("distillation", ["distillation accusations", "claims of model distillation", "distillation of rival outputs"], ["model"]),
        new("earnings", ["quarterly revenue", "first-half profit", "earnings guidance", "full-year results"], ["chips", "foundry", "model", "memory", "robots", "phones", "tools"]),
        new("pricing", ["an API price cut", "token price war", "cheaper inference pricing"], ["model"]),
        new("self-sufficiency", ["chip self-sufficiency targets", "domestic substitution", "localisation quotas"], ["chips", "foundry", "tools", "memory"]),
        new("smartphones", ["smartphone shipments", "handset sales", "phone chip supply"], ["phones", "chips"]),
        new("talent", ["hiring of chip engineers", "researcher departures", "talent poaching"], ["model", "chips"]),
        new("regulation", ["draft CAC rules", "MIIT guidelines", "algorithm filing rules", "NDRC approvals"], ["model", "robots"]),
    ];

    private static readonly string[] Regulators = ["CAC", "MIIT", "NDRC", "MOFCOM", "the BIS", "the US Commerce Department", "the State Council", "Shanghai's government"];

    private static readonly string[] Outlets =
    [
        "Reuters", "Bloomberg", "Caixin", "South China Morning Post", "Nikkei Asia", "The Information", "36Kr", "Jiemian", "Yicai",
        "LatePost", "DigiTimes", "TrendForce", "Financial Times", "The Wall Street Journal", "The Paper", "Sina Tech", "Xinhua",
        "CNBC", "TechNode", "Pandaily", "21st Century Business Herald", "Securities Times", "Company filing", "Company statement",
    ];

    private static readonly string[] Cities = ["Shanghai", "Shenzhen", "Beijing", "Hangzhou", "Hefei", "Wuhan", "Chengdu", "Guangzhou", "Suzhou", "Xi'an"];

    private static readonly string[] Fillers =
    [
        "according to people familiar with the matter", "the company said in a statement", "analysts said",
        "citing supply-chain sources", "in a filing to the exchange", "according to local media", "people briefed on the plans said",
        "the report said", "executives told investors", "according to a government notice",
    ];

    private static readonly string[] Whys =
    [
        "It shows how far {C} has come in closing the gap with foreign rivals on {T}.",
        "The move tests whether Chinese buyers will trust domestic {K} over imported ones.",
        "Investors read it as a signal for the whole {K} supply chain, not only {C}.",
        "If it holds, {O} will face tougher competition at home for at least a year.",
        "It adds pressure on {O} and shows {T} now shapes product plans as much as technology does.",
        "Beijing wants fewer dependencies abroad; {C}'s {P} is one of the clearest tests of that policy.",
        "It is a reminder that {T} decides who can scale, more than model quality.",
        "A slip here would delay customers' plans by months, so buyers are watching closely.",
    ];

    private readonly Company[] _companies;
    private readonly Dictionary<string, Company[]> _byKind;

    public StoryGenerator()
    {
        var random = new Random(20260101);
        var invented = new List<Company>();
        var names = new HashSet<string>(RealCompanies.Select(c => c.Name));
        while (invented.Count < 220)
        {
            var kind = Kinds[random.Next(Kinds.Length)];
            var stem = Capitalise(Syllables[random.Next(Syllables.Length)]) + Syllables[random.Next(Syllables.Length)];
            var name = $"{stem} {Suffixes[kind][random.Next(Suffixes[kind].Length)]}";
            if (!names.Add(name)) continue;
            var products = Enumerable.Range(0, 2 + random.Next(3))
                .Select(_ => $"{stem} {(char)('A' + random.Next(26))}{random.Next(1, 20)} {ProductStems[kind][random.Next(ProductStems[kind].Length)]}")
                .Distinct().ToArray();
            invented.Add(new Company(name, products, kind));
        }
        _companies = [.. RealCompanies, .. invented];
        _byKind = Kinds.ToDictionary(k => k, k => _companies.Where(c => c.Kind == k).ToArray());
    }

    /// <summary>How many of <see cref="CompanyNames"/> (the first ones) are real companies.</summary>
    public static int RealCompanyCount => RealCompanies.Length;

    /// <summary>The company names, real ones first, for generating saved topics.</summary>
    public IReadOnlyList<string> CompanyNames => [.. _companies.Select(c => c.Name)];

    /// <summary>The theme names, for generating saved topics.</summary>
    public static IReadOnlyList<string> ThemeNames => [.. Themes.Select(t => t.Name)];

    /// <summary>
    /// <paramref name="count"/> stories, ids from <paramref name="firstId"/>, in briefs of six over the three years
    /// ending <see cref="Today"/> (oldest first); <paramref name="seed"/> varies the text.
    /// </summary>
    public List<SearchableStory> Generate(int count, int seed = 1, long firstId = 1)
    {
        var random = new Random(seed);
        var briefs = Math.Max(1, (count + StoriesPerBrief - 1) / StoriesPerBrief);
        var first = Today.AddDays(-(Days - 1));
        var stories = new List<SearchableStory>(count);
        for (var i = 0; i < count; i++)
        {
            var brief = i / StoriesPerBrief;
            var briefDate = first.AddDays((int)((long)brief * (Days - 1) / Math.Max(1, briefs - 1)));
            stories.Add(Story(random, firstId + i, firstId / StoriesPerBrief + brief + 1, briefDate, i % StoriesPerBrief));
        }
        return stories;
    }

    /// <summary>New stories of one brief day (today), as ingest would add them, for alert matching.</summary>
    public List<SearchableStory> Fresh(int count, long firstId, int seed = 99) =>
        [.. Enumerable.Range(0, count).Select(i => Story(new Random(seed * 100_003 + i), firstId + i, firstId + i / StoriesPerBrief, Today, i % StoriesPerBrief))];

    private SearchableStory Story(Random random, long id, long briefId, DateOnly briefDate, int position)
    {
        // Real companies make up most of the news, as they do in the real briefs; invented ones widen the vocabulary.
        var company = random.NextDouble() < 0.6 ? RealCompanies[random.Next(RealCompanies.Length)] : _companies[random.Next(_companies.Length)];
        var fitting = Themes.Where(t => t.Kinds.Contains(company.Kind)).ToArray();
        var theme = fitting[random.Next(fitting.Length)];
        var other = Pick(random, _byKind[company.Kind].Length > 1 ? _byKind[company.Kind] : _companies);
        if (other == company) other = Pick(random, RealCompanies);
        var product = Pick(random, company.Products);
        var phrase = Pick(random, theme.Phrases);
        var regulator = Pick(random, Regulators);
        var number = Number(random);
        var city = Pick(random, Cities);

        string Fill(string template) => template
            .Replace("{C}", company.Name).Replace("{P}", product).Replace("{T}", phrase).Replace("{O}", other.Name)
            .Replace("{R}", regulator).Replace("{N}", number).Replace("{X}", city).Replace("{K}", KindWord(company.Kind))
            .Replace("{F}", Pick(random, Fillers)).Replace("{Q}", Pick(random, Other(random).Products));

        var title = Fill(Pick(random, TitleTemplates));
        var summary = new StringBuilder(Capitalise(Fill(Pick(random, LeadTemplates))));
        for (int s = 0, more = 2 + random.Next(4); s < more; s++) summary.Append(' ').Append(Capitalise(Fill(Pick(random, BodyTemplates))));
        var why = random.Next(2) == 0 ? Fill(Pick(random, Whys)) : $"{Fill(Pick(random, Whys))} {Fill(Pick(random, Whys))}";
        var date = briefDate.AddDays(-random.Next(2));
        var source = random.NextDouble() < 0.2 ? $"{Pick(random, Outlets)} / {Pick(random, Outlets)}" : Pick(random, Outlets);
        return new SearchableStory(id, briefId, briefDate, position, title, source, date, summary.ToString(), why);
    }

    private Company Other(Random random) => _companies[random.Next(_companies.Length)];

    private static readonly string[] TitleTemplates =
    [
        "{C} unveils {P}", "{C} ships {P} to {O}", "{C} wins order for {P} from {O}", "{C} delays {P} amid {T}",
        "{C} shares rise {N} after {T}", "{R} targets {C} with {T}", "{C} cuts prices of {P} as {O} gains share",
        "{O} tests {C}'s {P} for inference", "{C} expands {P} output in {X}", "{C} faces {T}", "{C} reports {N} jump in revenue",
        "{C} plans {T} to fund {P}", "{C} and {O} team up on {P}", "{R} drafts rules on {T}", "{C} open-sources {P}",
        "{C} hires former {O} executives for {P}", "{C} says {P} matches {Q}", "{X} backs {C} with {T}",
    ];

    private static readonly string[] LeadTemplates =
    [
        "{C} launched {P} on Tuesday, {F}.", "{C} said its {P} is now shipping to {O} and other customers in {X}.",
        "{R} announced {T} that directly affects {C} and its {P}, {F}.", "{C} is in talks with {O} about {P}, {F}.",
        "{C} reported {N} growth in quarterly revenue, helped by demand for {P}.", "{O} has started testing {C}'s {P}, {F}.",
        "{C} plans to raise output of {P} by {N} next year despite {T}.", "Shares of {C} moved sharply after news of {T}, {F}.",
    ];

    private static readonly string[] BodyTemplates =
    [
        "The company expects volumes to reach {N} units by the end of next year.", "{O} declined to comment.",
        "Analysts at a Shanghai brokerage said {T} remains the main risk.", "The {P} competes with {Q} on price and power efficiency.",
        "{C} did not say how many customers had signed up.", "Local governments in {X} have offered subsidies and cheap land.",
        "The deal is worth about {N} billion yuan, {F}.", "Supply of advanced packaging is still tight across the industry.",
        "Regulators are expected to publish final rules within months.", "Rivals including {O} are preparing similar products.",
        "Engineers said yields had improved since the spring.", "The plan depends on access to {T}.",
        "{C} spent {N} billion yuan on research last year, up from the year before, according to its annual report.",
        "Customers in {X} and abroad have been asked to place orders for next year by the end of the quarter, {F}.",
        "The company has not disclosed pricing, but distributors quoted figures around {N} yuan per unit.",
        "{O} said separately that it expects its own {Q} to reach volume production within twelve months.",
        "Earlier this year {R} said it would review the sector's reliance on imported components and software.",
        "Several provincial funds have taken stakes in {C} over the past two years, filings show.",
    ];

    private static string KindWord(string kind) => kind switch
    {
        "chips" => "accelerators", "foundry" => "foundry capacity", "model" => "models", "memory" => "memory chips",
        "tools" => "chipmaking tools", "robots" => "robots", _ => "devices",
    };

    private static string Number(Random random) => random.Next(4) switch
    {
        0 => $"{random.Next(2, 95)}%",
        1 => random.Next(10, 900).ToString(CultureInfo.InvariantCulture),
        2 => $"{random.Next(1, 50)}.{random.Next(10)}",
        _ => $"{random.Next(1, 20) * 10_000:N0}".Replace('\u00A0', ','),
    };

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>
    /// Questions as people ask them: topics of the beat in several phrasings, misspellings and abbreviations, a few
    /// time-limited ones, and some about things no story covers (which must cost as little as they return).
    /// </summary>
    public static readonly string[] Questions =
    [
        "latest on Huawei chips", "what's new with DeepSeek?", "updates on HBM", "qwen", "export controls", "any news about export controls",
        "tell me about robotics", "deepseak", "US export ctrl", "what's happening with SMIC", "Kimi", "moonshot ai news",
        "ERNIE", "doubao updates", "anything on Zhipu GLM?", "MiniMax", "cambricon", "CXMT memory", "YMTC NAND", "SMEE lithography",
        "Nvidia H20 in China", "AMD MI308", "ASML DUV scanners", "TSMC 2nm", "unitree humanoid", "UBTech Walker", "agibot",
        "hygon dcu", "moore threads gpu", "biren", "tencent hunyuan", "iflytek spark", "sensetime", "xiaomi chips",
        "entity list", "data centres power", "IPO", "labelling rules", "open source licences", "distillation", "earnings",
        "huawei ascend this week", "humanoid robots yesterday", "hbm supply", "lithgraphy", "alibaba qwen3 max",
        "quantum computing", "semiconductor tariffs in Europe", "Samsung foldables", "crypto mining", "space launches",
    ];
}
