/// A small study-format results file and the summary the study's own
/// `reparse_results.py` writes for it (its `build_reparsed_summary`, with
/// the timestamp and provenance block filled in the way ladder fills them).
enum StudyGolden {
    static let results = #"""
{
  "summary": {
    "template1_xnli_data=zh_instr=zh_acc": 0.25,
    "template1_sib200_data=ur_instr=ur_acc": 0,
    "template1_belebele_data=en_instr=en_acc": 0.5
  },
  "parse_failure_rates": {
    "template1_xnli_data=zh_instr=zh": 0.5,
    "template1_sib200_data=ur_instr=ur": 1.0,
    "template1_belebele_data=en_instr=en": 0.5
  },
  "template1_xnli_data=zh_instr=zh": [
    {"premise": "p", "hypothesis": "h", "raw_output": "假设是entailment", "pred": null, "gold": "entailment", "correct": false},
    {"premise": "p", "raw_output": "Neutral\nmore", "pred": "neutral", "gold": "neutral", "correct": true},
    {"raw_output": "没有任何关系", "gold": "contradiction", "pred": null},
    {"raw_output": "", "gold": "neutral"}
  ],
  "template1_sib200_data=ur_instr=ur": [
    {"text": "t", "raw_output": "سائنس/ٹکنالوجی", "gold": "science/technology"},
    {"text": "t", "raw_output": "سیاست", "gold": "politics"},
    {"text": "t", "raw_output": "health / travel", "gold": "travel"}
  ],
  "template1_belebele_data=en_instr=en": [
    {"raw_output": " B) because", "gold": "B"},
    {"raw_output": "answer: d", "gold": "A"}
  ]
}
"""#

    static let summary = #"""
{
  "summary": {
    "template1_xnli_data=zh_instr=zh_acc": 0.5,
    "template1_xnli_data=zh_instr=zh_count": 4,
    "template1_xnli_data=zh_instr=zh_correct": 2,
    "template1_sib200_data=ur_instr=ur_acc": 0.6666666666666666,
    "template1_sib200_data=ur_instr=ur_count": 3,
    "template1_sib200_data=ur_instr=ur_correct": 2,
    "template1_belebele_data=en_instr=en_acc": 0.5,
    "template1_belebele_data=en_instr=en_count": 2,
    "template1_belebele_data=en_instr=en_correct": 1
  },
  "parse_failure_rates": {
    "template1_xnli_data=zh_instr=zh": 0.25,
    "template1_sib200_data=ur_instr=ur": 0.3333333333333333,
    "template1_belebele_data=en_instr=en": 0.0
  },
  "reparse_metadata": {
    "reparsed_at": "2025-01-02T03:04:05.500000+00:00",
    "original_results_filename": "small_results_template1.json",
    "extractors_applied": [
      "belebele",
      "csqa",
      "sib200",
      "xnli"
    ],
    "extractor_provenance": {
      "scorer": "refined-v1",
      "rules": "refined@1",
      "fingerprint": "FP",
      "tool": "ladder",
      "tool_version": "VERSION"
    },
    "cells_changed": 3,
    "delta_per_cell": {
      "template1_xnli_data=zh_instr=zh": {
        "old_acc": 0.25,
        "new_acc": 0.5,
        "delta_acc": 0.25,
        "old_fail": 0.5,
        "new_fail": 0.25,
        "delta_fail": -0.25
      },
      "template1_sib200_data=ur_instr=ur": {
        "old_acc": 0,
        "new_acc": 0.6666666666666666,
        "delta_acc": 0.6666666666666666,
        "old_fail": 1.0,
        "new_fail": 0.3333333333333333,
        "delta_fail": -0.6666666666666667
      },
      "template1_belebele_data=en_instr=en": {
        "old_acc": 0.5,
        "new_acc": 0.5,
        "delta_acc": 0.0,
        "old_fail": 0.5,
        "new_fail": 0.0,
        "delta_fail": -0.5
      }
    }
  }
}
"""#
}
