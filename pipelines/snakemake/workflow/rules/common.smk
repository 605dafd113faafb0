# Sample sheet, configuration defaults and the input functions of the rules (no rules here).
import csv
import os
import re

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

validate(config, "../schemas/config.schema.yaml")

OUT = config["outdir"].rstrip("/")
# count on BAM/CRAM, and on FASTQ (no BED/VCF there: a site is known by its host flank
# sequence, not by a coordinate; the flanks are in .flanks.fa)
COUNT_SUFFIXES = [
    ".summary.json", ".summary.tsv", ".sites.tsv", ".sites.bed", ".sites.vcf.gz",
    ".sites.vcf.gz.tbi", "_mqc.tsv", ".attrition.tsv",
]
COUNT_FASTQ_SUFFIXES = [
    ".summary.json", ".summary.tsv", ".sites.tsv", ".flanks.fa", "_mqc.tsv", ".attrition.tsv",
]
COMPARE_TABLES = [".pvl.tsv", ".clones.tsv", ".json", "_mqc.json", ".table_mqc.json", ".html"]
OPTIONAL_COLUMNS = ["infusion", "dose_mg_per_kg", "baseline"]
BWA_INDEX = [".amb", ".ann", ".bwt", ".pac", ".sa"]
ALN = config["align_format"]
ALN_INDEX = {"bam": ".bai", "cram": ".crai"}[ALN]
HYBRID = f"{OUT}/reference/hybrid.fa"
WRAPPERS = f"file:{os.path.normpath(os.path.join(workflow.basedir, '../wrappers/bio/htlvpvl'))}"
MULTIQC_CONFIG = config.get(
    "multiqc_config", os.path.join(workflow.basedir, "../../multiqc_config.yaml")
)


def schema_error(e):
    """What a validate() error of one sheet row says, in one line, with the column (from the
    text of Snakemake's WorkflowError, which keeps jsonschema's message)."""
    text = str(e)
    if "is not valid under any of the given schemas" in text:
        return "give either 'bam' or both 'fastq_1' and 'fastq_2' (with align=yes only the latter)"
    why = re.search(r"ValidationError: (.*)", text)
    col = re.search(r"Failed validating '\w{1,}' in schema\['properties'\]\['(\w{1,})'\]", text)
    where = f"column '{col.group(1)}': " if col else ""
    return f"{where}{why.group(1) if why else text}"


def read_samples(path):
    """The sample sheet as a dict sample -> row, in sheet order. Each row is checked against
    schemas/samples.schema.yaml (defaults filled in); then the rules across rows."""
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    if not rows:
        raise WorkflowError(f"{path}: no samples")
    samples, kind = {}, {}
    for i, row in enumerate(rows, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        try:
            validate(row, "../schemas/samples.schema.yaml")
        except WorkflowError as e:
            raise WorkflowError(f"sample sheet {path}: line {i}: {schema_error(e)}") from None
        name = row["sample"]
        if name in samples:
            raise WorkflowError(f"sample sheet {path}: line {i}: sample '{name}' listed twice")
        row["study"] = row.get("study") or config["study"]
        row["aligned"] = bool(row.get("bam")) or row.get("align") == "yes"
        # compare refuses a subject with FASTQ-counted and aligned samples: say so now
        k = kind.setdefault((row["study"], row["subject"]), row["aligned"])
        if k != row["aligned"]:
            raise WorkflowError(
                f"sample sheet {path}: line {i}: subject '{row['subject']}' mixes FASTQ-counted "
                "and aligned (BAM/CRAM or align=yes) samples, which compare cannot follow; give "
                "the FASTQ samples align=yes or another subject name"
            )
        samples[name] = row
    if any(r.get("align") == "yes" for r in samples.values()) and not config["host_fasta"]:
        raise WorkflowError("rows with align=yes need config host_fasta (the host genome FASTA)")
    return samples


SAMPLES = read_samples(config["samples"])
STUDIES = sorted({row["study"] for row in SAMPLES.values()})
ALIGN_SAMPLES = [s for s, r in SAMPLES.items() if r.get("align") == "yes"]
BAM_SAMPLES = [s for s, r in SAMPLES.items() if r["aligned"]]
FASTQ_SAMPLES = [s for s, r in SAMPLES.items() if not r["aligned"]]


def one_of(names):
    """A wildcard regex matching exactly these names (none: matches nothing)."""
    return "|".join(map(re.escape, names)) or "(?!)"


def study_samples(study):
    return [s for s, r in SAMPLES.items() if r["study"] == study]


def fastq_pair(wildcards):
    row = SAMPLES[wildcards.sample]
    return [row["fastq_1"], row["fastq_2"]]


def aligned_reads(wildcards):
    """The BAM/CRAM of a sample: the sheet's, or the alignment step's (align=yes)."""
    row = SAMPLES[wildcards.sample]
    return row["bam"] or f"{OUT}/aligned/{wildcards.sample}.{ALN}"


def aligned_index(wildcards):
    """Its index: the sheet's `bai`, one beside the BAM/CRAM, or the alignment step's. htslib
    opens it beside the file; count uses it (read counts per contig), so it is an input."""
    row = SAMPLES[wildcards.sample]
    if row.get("bai"):
        return [row["bai"]]
    bam = row.get("bam")
    if not bam:
        return [f"{OUT}/aligned/{wildcards.sample}.{ALN}{ALN_INDEX}"]
    stem = os.path.splitext(bam)[0]
    for idx in (f"{bam}.bai", f"{bam}.csi", f"{bam}.crai", f"{stem}.bai", f"{stem}.crai"):
        if os.path.exists(idx):
            return [idx]
    return []


def aligned_reference(wildcards):
    """The FASTA of a CRAM: the hybrid of the alignment step, the sheet's `reference`, or
    config `reference` (none for BAM)."""
    row = SAMPLES[wildcards.sample]
    if row.get("align") == "yes":
        return [HYBRID] if ALN == "cram" else []
    ref = row.get("reference") or config["reference"]
    return [ref] if ref else []


def all_outputs():
    outputs = expand(f"{OUT}/count/{{s}}{{x}}", s=BAM_SAMPLES, x=COUNT_SUFFIXES)
    outputs.extend(expand(f"{OUT}/count/{{s}}{{x}}", s=FASTQ_SAMPLES, x=COUNT_FASTQ_SUFFIXES))
    outputs.extend(expand(f"{OUT}/compare/{{st}}{{x}}", st=STUDIES, x=COMPARE_TABLES))
    outputs.extend(expand(f"{OUT}/compare/{{st}}.{{p}}.svg", st=STUDIES, p=["pvl", "clones"]))
    outputs.append(f"{OUT}/multiqc/multiqc_report.html")
    return outputs
