"""Every question in the source notes has a bank entry that names the note, and the
bank meets its size and topic minimums. The notes live in ../shared/source-notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank.loader import load_bank, stats

NOTES = Path(__file__).resolve().parents[2] / "shared" / "source-notes"
MAINTAINERS_ONLY = (
    "maintainers' check: needs the source notes in ../shared/source-notes beside this checkout; "
    "users can ignore this skip (README, Development)"
)
A, B, C, D = (
    "000_6e56e247d4a0a02a.txt",
    "001_49013d5f2da82ec6.txt",
    "002_84a61acf346dadc2.txt",
    "003_ba7a1c3048dd71ec.txt",
)

# (note, how the question starts in the note, the bank entry that covers it)
COVERAGE = [
    (A, "What is medical imaging and why", "mi-what-is-medical-imaging"),
    (A, "What are the different types of medical imaging", "mi-modalities"),
    (A, "How do you handle missing or corrupted data", "data-missing-values"),
    (A, "What is DICOM?", "mi-dicom"),
    (A, "Explain the concepts of precision, recall, and F1", "eval-precision-recall"),
    (A, "How do you handle class imbalance in medical", "data-imbalanced"),
    (A, "What is the role of convolutional neural networks", "dl-cnn"),
    (A, "Explain the concept of transfer learning", "dl-transfer-learning"),
    (A, "What is the difference between supervised, unsupervised, and semi", "fund-learning-types"),
    (A, "What are some common preprocessing techniques used in medical", "mi-preprocessing"),
    (A, "Describe the process of data augmentation", "mi-augmentation"),
    (A, "What is image segmentation?", "mi-segmentation"),
    (B, "Tell us about yourself.", "beh-tell-me-about-yourself"),
    (B, "Why are you interested in this machine learning specialist", "beh-why-this-role"),
    (B, "Explain the difference between artificial intelligence", "fund-ai-ml-dl"),
    (B, "What is overfitting and underfitting in machine learning?", "fund-overfitting"),
    (B, "Describe the bias-variance trade-off.", "fund-bias-variance"),
    (B, "How do you handle missing data in a dataset?", "data-missing-values"),
    (B, "Explain cross-validation and its importance.", "eval-cross-validation"),
    (B, "What are common evaluation metrics for classification", "eval-model-evaluation"),
    (B, "What is feature engineering and why is it important?", "data-feature-engineering"),
    (B, "Describe your experience with a machine learning project", "beh-project-end-to-end"),
    (B, "How do you explain a complex machine learning model", "beh-explain-to-non-technical"),
    (B, "What are regularization techniques", "fund-regularization"),
    (B, "What is gradient descent and how does it work?", "fund-gradient-descent"),
    (B, "What is MLOps and why is it important?", "mlops-what-is-mlops"),
    (B, "How do you ensure fairness and address bias", "fund-fairness-bias"),
    (B, "What are some challenges in deploying", "mlops-deployment-challenges"),
    (B, "Describe a time you encountered an unexpected issue", "beh-unexpected-issue"),
    (B, "What are your preferred machine learning frameworks", "fund-languages-frameworks"),
    (B, "How do you stay updated", "beh-stay-updated"),
    (B, "What is the difference between bagging and boosting?", "cml-bagging-boosting"),
    (B, "How do you approach a new machine learning problem?", "fund-approach-new-problem"),
    (B, "What are some ethical considerations", "fund-ethics"),
    (B, "Explain the concept of a confusion matrix.", "eval-confusion-matrix"),
    (B, "What are generative adversarial networks (GANs)?", "dl-gans"),
    (B, "How do you decide whether to use a supervised", "fund-choose-paradigm"),
    (C, "What is Machine Learning, and how is it different", "fund-ml-vs-programming"),
    (C, "What is the difference between supervised and unsupervised learning? Provide", "fund-learning-types"),
    (C, "What is overfitting and underfitting, and how can you", "fund-overfitting"),
    (C, "Explain the bias-variance trade-off.", "fund-bias-variance"),
    (C, "What are the general steps in building an ML model pipeline?", "fund-approach-new-problem"),
    (C, "Explain some common data preprocessing techniques.", "data-preprocessing"),
    (C, "What is the difference between Feature Engineering and Feature Selection?", "data-feature-engineering"),
    (C, "What is Regularization? Explain L1 and L2", "fund-regularization"),
    (C, "What is Gradient Descent, and what are its variants?", "fund-gradient-descent"),
    (C, "Explain the K-Nearest Neighbors (KNN) algorithm.", "cml-knn"),
    (C, "How does a Decision Tree work?", "cml-decision-tree"),
    (C, "Explain Random Forest and why", "cml-random-forest"),
    (C, "How does the “No Free Lunch” theorem", "fund-no-free-lunch"),
    (C, "What is a Support Vector Machine (SVM)", "cml-svm-kernel"),
    (C, "What are the assumptions of the Naive Bayes", "cml-naive-bayes"),
    (C, "What is the “Curse of Dimensionality”?", "fund-curse-of-dimensionality"),
    (C, "Explain Principal Component Analysis (PCA).", "cml-pca"),
    (C, "What is the importance of Train-Test Split and Cross-Validation?", "eval-cross-validation"),
    (C, "What are ROC and AUC?", "eval-roc-auc"),
    (C, "Explain a Confusion Matrix.", "eval-confusion-matrix"),
    (C, "What are Gradient Boosting and AdaBoost?", "cml-gradient-boosting-adaboost"),
    (C, "How do you handle imbalanced datasets?", "data-imbalanced"),
    (C, "How do you handle missing values?", "data-missing-values"),
    (C, "What are the basics of a Neural Network?", "dl-neural-network-basics"),
    (C, "What is early stopping?", "dl-early-stopping"),
    (C, "What are some basic considerations for deploying ML models?", "mlops-deployment-challenges"),
    (C, "Explain different optimization algorithms used in Deep Learning", "dl-optimizers"),
    (C, "What is Transfer Learning, and why is it useful?", "dl-transfer-learning"),
    (C, "Explain Recurrent Neural Networks (RNNs)", "dl-rnn-lstm-gru"),
    (C, "Explain how a Convolutional Neural Network (CNN) works", "dl-cnn"),
    (C, "Explain the concept of Sequence-to-Sequence (Seq2Seq)", "dl-seq2seq-attention"),
    (C, "What are Residual Networks (ResNets)", "dl-resnet"),
    (C, "Explain the Transformer architecture and self-attention.", "dl-transformer-attention"),
    (C, "What is BERT, and what are its pre-training tasks?", "dl-bert"),
    (C, "Explain Autoencoders and Variational Autoencoders", "dl-autoencoders"),
    (C, "What are Generative Adversarial Networks (GANs)?", "dl-gans"),
    (C, "How do you approach hyperparameter optimization", "fund-hyperparameters"),
    (C, "How do you calibrate a binary classification model", "eval-calibration"),
    (C, "What is Explainable AI (xAI)", "fund-explainable-ai"),
    (C, "How do you handle large-scale training", "dl-distributed-training"),
    (C, "What are the trade-offs between Online Learning and Batch Learning", "mlops-online-vs-batch-learning"),
    (C, "Explain Reinforcement Learning and Q-Learning basics.", "fund-reinforcement-learning"),
    (C, "How do you address scalability and efficiency when deploying", "mlops-efficient-serving"),
    (C, "How do you handle concept drift in production?", "mlops-model-drift"),
    (C, "What is MLOps and why is it important?", "mlops-what-is-mlops"),
    (C, "What are data versioning and experiment tracking tools?", "mlops-versioning-tracking"),
    (C, "How do you ensure the scalability and reliability", "mlops-streaming-reliability"),
    (C, "How do you ensure privacy and security when deploying", "data-privacy-security"),
    (C, "How do you approach feature selection and dimensionality reduction", "data-high-dimensional"),
    (C, "How do you decide between using complex deep learning models", "fund-simple-vs-complex"),
    (C, "Can you explain how meta-learning is applied", "dl-zero-few-shot"),
    (C, "Explain the concept of Self-Supervised Learning.", "dl-self-supervised"),
    (C, "What are Zero-Shot and Few-Shot learning?", "dl-zero-few-shot"),
    (C, "How can models be compressed (Quantization, Pruning)?", "mlops-model-compression"),
    (C, "How do you ensure Fairness and reduce Bias in AI models?", "fund-fairness-bias"),
    (C, "Coding interview 1:", "code-wine-quality"),
    (C, "Coding interview 2:", "code-diabetes-onset"),
    (C, "What are the most common challenges in training", "fund-training-challenges"),
    (C, "How do Machine Learning algorithms improve over time?", "fund-improve-over-time"),
    (C, "What are examples of Machine Learning?", "fund-ml-vs-programming"),
    (C, "What is the best language for Machine Learning?", "fund-languages-frameworks"),
    (C, "What exactly is Machine Learning?", "fund-ml-vs-programming"),
    (D, "What is cross-validation and why is it important?", "eval-cross-validation"),
    (D, "What is a decision tree in machine learning?", "cml-decision-tree"),
    (D, "Given two related datasets", "cml-feature-importance"),
    (D, "Can you explain the difference between supervised and unsupervised", "fund-learning-types"),
    (D, "How would you evaluate a machine learning model?", "eval-model-evaluation"),
    (D, "Can you explain what ensemble learning is?", "cml-ensemble-learning"),
    (D, "What is the bias-variance trade-off?", "fund-bias-variance"),
    (D, "How would you handle missing or corrupted data", "data-missing-values"),
    (D, "Can you explain what a false positive and a false negative are?", "eval-false-positives"),
    (D, "Can you describe how an ROC curve works?", "eval-roc-auc"),
    (D, "Can you explain the concept of overfitting", "fund-overfitting"),
    (D, "How would you handle an imbalanced dataset?", "data-imbalanced"),
    (D, "Can you explain what logistic regression is", "cml-logistic-regression"),
    (D, "What is the purpose of a loss function", "fund-loss-function"),
    (D, "How do you ensure you’re not overfitting", "fund-overfitting"),
    (D, "What are some differences between Gradient Descent and Stochastic", "fund-gradient-descent"),
    (D, "How would you implement a recommendation system", "cml-recommendation-system"),
    (D, "Can you explain Principal Component Analysis (PCA)?", "cml-pca"),
    (D, "What is the process of backpropagation", "dl-backpropagation"),
    (D, "How familiar are you with programming", "fund-languages-frameworks"),
    (D, "How would you implement a neural network from scratch?", "code-neural-network-from-scratch"),
    (D, "Can you explain how K-means clustering works?", "cml-kmeans"),
    (D, "Can you tell me about a time when you needed to improve the speed", "beh-improve-speed"),
    (D, "Can you explain how a Convolutional Neural Network (CNN) works?", "dl-cnn"),
    (D, "What is Reinforcement Learning and how does it differ", "fund-reinforcement-learning"),
    (D, "What is batch normalization and why is it used?", "dl-batch-norm"),
    (D, "What are the different types of machine learning?", "fund-learning-types"),
    (D, "How do you choose between parametric and non-parametric", "fund-parametric"),
    (D, "What are hyperparameters in a machine learning model", "fund-hyperparameters"),
    (D, "Can you explain what precision and recall are?", "eval-precision-recall"),
    (D, "Can you demonstrate how to implement a support vector machine", "cml-svm-kernel"),
    (D, "What are the most common problems you might find in the data", "data-common-problems"),
    (D, "What role does a cost function play", "fund-loss-function"),
    (D, "Can you discuss a time you used machine learning to solve a complex", "beh-complex-problem"),
    (D, "How would you handle large datasets with limited computational", "data-limited-compute"),
    (D, "Can you explain the use of activation functions", "dl-activation-functions"),
    (D, "What is your approach to ensuring data privacy", "data-privacy-security"),
    (D, "Can you discuss any recent advancements or trends", "beh-exciting-trends"),
    (D, "How do you approach feature selection and engineering", "data-feature-engineering"),
]
QUESTIONS_PER_NOTE = {A: 12, B: 25, C: 62, D: 39}


@pytest.fixture(scope="module")
def bank_by_id():  # type: ignore[no-untyped-def]
    bank = load_bank()
    assert bank.ok
    return bank.by_id()


@pytest.mark.skipif(not NOTES.is_dir(), reason=MAINTAINERS_ONLY)
@pytest.mark.parametrize(("note", "opening", "question_id"), COVERAGE)
def test_every_source_question_is_in_the_bank(bank_by_id, note: str, opening: str, question_id: str) -> None:
    text = (NOTES / note).read_text(encoding="utf-8")
    assert opening in text, f"{note} has no question starting {opening!r}"
    assert question_id in bank_by_id, f"{question_id} is missing from the bank"
    assert note in bank_by_id[question_id].sources


def test_the_coverage_list_counts_every_question_of_every_note() -> None:
    counted = {note: sum(1 for n, _, _ in COVERAGE if n == note) for note in QUESTIONS_PER_NOTE}
    assert counted == QUESTIONS_PER_NOTE


def test_bank_size_and_topic_minimums() -> None:
    counts = stats(load_bank())
    assert counts["total"] >= 120
    assert counts["by_topic"]["medical-imaging"] >= 20
    assert counts["by_topic"]["mlops"] >= 15
    assert all(counts["by_source"].get(note, 0) > 0 for note in QUESTIONS_PER_NOTE)


def test_sources_name_only_notes_that_exist(bank_by_id) -> None:
    if not NOTES.is_dir():
        pytest.skip(MAINTAINERS_ONLY)
    named = {s for spec in bank_by_id.values() for s in spec.sources} - {"original"}
    assert named <= {p.name for p in NOTES.glob("*.txt")}
